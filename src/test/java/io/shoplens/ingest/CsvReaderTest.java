package io.shoplens.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the import needs of its CSV reader (issue #13 checked the libraries against the same list: CsvBench). */
class CsvReaderTest {

    private static CsvReader reader(String text, char delimiter) {
        return reader(text.getBytes(StandardCharsets.UTF_8), delimiter);
    }

    private static CsvReader reader(byte[] bytes, char delimiter) {
        return new CsvReader(new Utf8Input(new ByteArrayInputStream(bytes)), delimiter, 10_000, 1_000);
    }

    /** Each record as "line:[fields]", errors as "line:error", to the end. */
    private static List<String> read(CsvReader csv) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                List<String> record = csv.next();
                if (record == null) {
                    return out;
                }
                out.add(csv.recordLine() + ":" + record);
            } catch (CsvReader.MalformedCsvException e) {
                out.add(e.line + ":error");
                if (!e.recoverable) {
                    assertNull(csv.next(), "nothing after an error that ends the file");
                    return out;
                }
            }
        }
    }

    @Test
    void physicalLinesStayRightAfterQuotedLineBreaks() throws IOException {
        assertEquals(List.of("1:[id, desc]", "2:[1, a\nb]", "4:[2, c\r\nd]", "6:[3, e]", "8:[4, f]"),
                read(reader("id,desc\n1,\"a\nb\"\n2,\"c\r\nd\"\n3,e\n\n4,f\n", ',')));
    }

    @Test
    void crlfAndALastLineWithoutLineBreak() throws IOException {
        assertEquals(List.of("1:[a, b]", "2:[c, d]", "4:[e, f]"), read(reader("a,b\r\nc,d\r\n\r\ne,f", ',')));
        assertEquals(List.of("1:[a, \"b\"]"), read(reader("a,\"\"\"b\"\"\"", ',')));
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        assertEquals(List.of("1:[Invoice, Price]", "2:[1, 2]"), read(reader("\uFEFFInvoice,Price\n1,2\n", ',')));
    }

    @Test
    void everyDelimiterOfTheImportOptions() throws IOException {
        for (char d : new char[] {',', ';', '\t', '|'}) {
            assertEquals(List.of("1:[a, b" + d + "c, d]"),
                    read(reader("a" + d + "\"b" + d + "c\"" + d + "d\n", d)), "delimiter " + (int) d);
        }
        assertEquals(List.of("1:[a, b, c]", "2:[x y, z]"),
                read(reader("a  b\tc\n  \"x y\"   z\n", CsvReader.WHITESPACE)), "runs of spaces and tabs");
    }

    @Test
    void anUnterminatedQuoteAtTheEndIsAnErrorOfTheLineItStartsOn() throws IOException {
        assertEquals(List.of("1:[a, b]", "2:error"), read(reader("a,b\n1,\"open\n2,x\n", ',')));
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorOfTheirLineWhereverTheyStand() throws IOException {
        for (String where : new String[] {"start", "middle", "end"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 1; i <= 5; i++) {
                if (i == 3 && where.equals("start")) {
                    bytes.write(0xFF);
                }
                bytes.writeBytes((i + ",ca").getBytes(StandardCharsets.UTF_8));
                bytes.write(i == 3 && where.equals("middle") ? 0xFF : 'f');
                bytes.writeBytes(",x".getBytes(StandardCharsets.UTF_8));
                if (i == 3 && where.equals("end")) {
                    bytes.write(0xFF);
                }
                bytes.write('\n');
            }
            assertEquals(List.of("1:[1, caf, x]", "2:[2, caf, x]", "3:error", "4:[4, caf, x]", "5:[5, caf, x]"),
                    read(reader(bytes.toByteArray(), ',')), "bad byte at the " + where + " of line 3");
        }
    }

    @Test
    void aFiftyMegabyteFieldOrLineIsAnErrorOfItsLineAndReadingGoesOn() throws IOException {
        for (String pattern : new String[] {"x", ",xxxx"}) {
            InputStream huge = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                    new ByteArrayInputStream("a,b\n1,".getBytes(StandardCharsets.UTF_8)),
                    new Repeated(pattern.getBytes(StandardCharsets.UTF_8), 50_000_000L),
                    new ByteArrayInputStream("\n3,c\n".getBytes(StandardCharsets.UTF_8)))));
            CsvReader csv = new CsvReader(new Utf8Input(huge), ',', 10_000, 1_000);
            assertEquals(List.of("1:[a, b]", "2:error", "3:[3, c]"), read(csv), pattern);
        }
    }

    @Test
    void utf8InputKeepsAnsweringTheEnd() throws IOException {
        Utf8Input in = new Utf8Input(new ByteArrayInputStream("ab".getBytes(StandardCharsets.UTF_8)));
        assertEquals('a', in.read());
        assertEquals('b', in.read());
        for (int i = 0; i < 3; i++) {
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new char[4], 0, 4));
        }
        assertFalse(in.malformed() > 0);
        assertTrue(assertThrows(CsvReader.MalformedCsvException.class,
                () -> reader(new byte[] {'a', ',', (byte) 0xC3}, ',').next()).recoverable);
    }

    /** A byte pattern repeated to a length, made as it is read. */
    private static final class Repeated extends InputStream {
        private final byte[] pattern;
        private final long length;
        private long position;

        Repeated(byte[] pattern, long length) {
            this.pattern = pattern;
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? pattern[(int) (position++ % pattern.length)] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = pattern[(int) (position++ % pattern.length)];
            }
            return n;
        }
    }
}
