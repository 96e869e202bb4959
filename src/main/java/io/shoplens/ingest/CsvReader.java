package io.shoplens.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams CSV records (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF),
 * skipping a leading byte-order mark. In whitespace mode fields are separated by runs of spaces or tabs. Reports the
 * line each record starts on, and an unterminated quote at the end of the input as an error.
 */
final class CsvReader {
    static final char WHITESPACE = 0;

    private final Reader in;
    private final char delimiter;
    private int line = 1;
    private int recordLine;
    private int pushedBack = -2;
    private boolean started;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The line the last record returned started on, counted from 1. */
    int recordLine() {
        return recordLine;
    }

    /** The next record, or null at the end of the input; blank lines are skipped. */
    List<String> next() throws IOException {
        while (true) {
            int c = read();
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c == -1) {
                return null;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            if (c == '\r') {
                continue;
            }
            unread(c);
            recordLine = line;
            List<String> record = record();
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            return record;
        }
    }

    private List<String> record() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException(recordLine, "a quoted field is not closed before the end of the"
                            + " file (truncated last line?)");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        unread(next);
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int next = read();
                    if (next != '\n') {
                        unread(next);
                    }
                }
                if (c != -1) {
                    line++;
                }
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                return fields;
            }
            if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
                continue;
            }
            if (isDelimiter(c)) {
                if (delimiter == WHITESPACE) {
                    int next = read();
                    while (next == ' ' || next == '\t') {
                        next = read();
                    }
                    unread(next);
                    if (field.length() == 0 && fields.isEmpty() && !wasQuoted) {
                        continue;
                    }
                }
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
                continue;
            }
            field.append((char) c);
        }
    }

    private boolean isDelimiter(int c) {
        return delimiter == WHITESPACE ? c == ' ' || c == '\t' : c == delimiter;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }

    static final class MalformedCsvException extends IOException {
        final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }
    }
}
