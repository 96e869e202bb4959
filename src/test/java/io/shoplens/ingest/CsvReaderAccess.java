package io.shoplens.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.List;

/** The import's CSV reader and UTF-8 decoder for benchmarks outside the package (CsvBench). */
public final class CsvReaderAccess {
    public static final char WHITESPACE = CsvReader.WHITESPACE;

    private final CsvReader reader;

    private CsvReaderAccess(CsvReader reader) {
        this.reader = reader;
    }

    /** The decoder the import reads through: reports bytes that are not UTF-8 by count ({@link #malformed}). */
    public static Reader utf8(InputStream in) {
        return new Utf8Input(in);
    }

    /** Bad byte sequences read so far by a reader from {@link #utf8}. */
    public static long malformed(Reader utf8) {
        return ((Utf8Input) utf8).malformed();
    }

    public static CsvReaderAccess open(Reader utf8, char delimiter, int maxLineLength, int maxFieldLength) {
        return new CsvReaderAccess(new CsvReader((Utf8Input) utf8, delimiter, maxLineLength, maxFieldLength));
    }

    public List<String> next() throws IOException {
        return reader.next();
    }

    public int recordLine() {
        return reader.recordLine();
    }

    /** The line of a malformed record, or -1 for another exception. */
    public static int errorLine(Exception e) {
        return e instanceof CsvReader.MalformedCsvException m ? m.line : -1;
    }

    /** Whether reading can go on after the exception. */
    public static boolean recoverable(Exception e) {
        return e instanceof CsvReader.MalformedCsvException m && m.recoverable;
    }
}
