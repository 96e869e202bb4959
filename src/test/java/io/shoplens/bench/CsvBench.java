package io.shoplens.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifier;

import io.shoplens.ingest.CsvReaderAccess;
import io.shoplens.testing.OnlineRetailCsv;

/**
 * The import's own CSV reader against Apache Commons CSV, Jackson's CSV module and FastCSV (issue #13): first small
 * probes of what the import needs (physical line numbers after quoted line breaks, an unterminated quote at the end,
 * a 50 MB field and a 50 MB line under the length limits, whitespace as delimiter, a byte-order mark, CRLF, bytes that
 * are not UTF-8, the other delimiters), then the speed on a seeded synthetic Online Retail file of 1,000,000 order
 * lines (-Dlines), parsed by each in turn, warm-up rounds first (-Dwarmup, default 2) and then -Dreps rounds (default
 * 7), the parsers interleaved within a round. Every parser reads through the import's UTF-8 decoder (Utf8Input), as
 * an adapter would, and gets the import's limits (10,000 / 1,000 characters). Prints the parsing thread's CPU time
 * (best and median round; the best elapsed time beside it), records/s, MB/s and the ratio to CsvReader from the best
 * CPU time, the least disturbed by other work on a shared machine, bytes allocated per record and the growth of the
 * heap outside the young generation (rough: the peak of the old and survivor pools over a round, after a GC, minus
 * what they held before). -Dprobes=false times only.
 */
final class CsvBench {
    static final int MAX_LINE = 10_000;
    static final int MAX_FIELD = 1_000;

    private CsvBench() {
    }

    record Row(long line, List<String> fields) {
    }

    /** A parser opened on one input: the next record with the physical line it starts on, or null at the end. */
    interface Rows {
        Row next() throws Exception;
    }

    interface Parser {
        String name();

        /** delimiter 0 asks for whitespace (runs of spaces and tabs) as the import's reader understands it. */
        Rows open(Reader utf8, char delimiter, int maxLine, int maxField) throws Exception;
    }

    static void run(String[] args) throws Exception {
        List<Parser> parsers = List.of(new Own(), new Commons(), new Jackson(), new Fast());
        if (!"false".equals(System.getProperty("probes"))) {
            System.out.println("== Probes (what the import needs) ==");
            Probes.run(parsers);
        }
        int lines = Integer.getInteger("lines", 1_000_000);
        int warmup = Integer.getInteger("warmup", 2);
        int reps = Integer.getInteger("reps", 7);
        Path file = Files.createTempFile("shoplens-csvbench", ".csv");
        try {
            long generating = System.nanoTime();
            int physical = OnlineRetailCsv.write(file, lines, 42);
            double mb = Files.size(file) / 1e6;
            System.out.printf(Locale.ROOT, "%n== Speed ==%nfile: %,d order lines + header, %,d physical lines, %.1f MB,"
                    + " generated in %.1f s (seed 42)%n", lines, physical, mb, (System.nanoTime() - generating) / 1e9);
            speed(parsers, file, lines + 1, mb, warmup, reps);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---------------------------------------------------------------------------------------------------- speed

    private static void speed(List<Parser> parsers, Path file, long records, double mb, int warmup, int reps)
            throws Exception {
        int n = parsers.size() + 1;
        double[][] seconds = new double[n][reps];
        double[][] cpu = new double[n][reps];
        long[] allocated = new long[n];
        long[] heapGrowth = new long[n];
        long[][] checks = new long[n][];
        double[] last = new double[n];
        String[] names = new String[n];
        names[0] = "decode only (Utf8Input)";
        for (int i = 0; i < parsers.size(); i++) {
            names[i + 1] = parsers.get(i).name();
        }
        for (int round = 0; round < warmup + reps; round++) {
            for (int p = 0; p < n; p++) {
                Heap heap = Heap.start();
                long allocatedBefore = Heap.allocated();
                long start = System.nanoTime();
                long cpuStart = Heap.cpu();
                long[] check = p == 0 ? decodeOnly(file) : parseAll(parsers.get(p - 1), file);
                double c = (Heap.cpu() - cpuStart) / 1e9;
                double s = (System.nanoTime() - start) / 1e9;
                long alloc = Heap.allocated() - allocatedBefore;
                long growth = heap.growth();
                last[p] = c;
                if (round >= warmup) {
                    seconds[p][round - warmup] = s;
                    cpu[p][round - warmup] = c;
                    allocated[p] += alloc;
                    heapGrowth[p] = Math.max(heapGrowth[p], growth);
                }
                checks[p] = check;
            }
            System.out.printf(Locale.ROOT, "round %d%s, CPU s:", round + 1, round < warmup ? " (warm-up)" : "");
            for (int p = 0; p < n; p++) {
                System.out.printf(Locale.ROOT, " %s %.2f;", names[p].split(" ")[0], last[p]);
            }
            System.out.println();
        }
        double ownBest = Arrays.stream(cpu[1]).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%n%-26s %8s %8s %8s %12s %8s %8s %10s %10s  %s%n", "parser", "CPU s", "median",
                "wall s", "records/s", "MB/s", "ratio", "alloc B/rec", "heap +MB",
                "output (records, fields, chars, line sum)");
        for (int p = 0; p < n; p++) {
            double median = median(cpu[p]);
            double best = Arrays.stream(cpu[p]).min().orElse(Double.NaN);
            double bestWall = Arrays.stream(seconds[p]).min().orElse(Double.NaN);
            String same = p <= 1 ? "" : Arrays.equals(checks[p], checks[1]) ? "  same as CsvReader"
                    : "  DIFFERS from CsvReader";
            System.out.printf(Locale.ROOT, "%-26s %8.3f %8.3f %8.3f %,12.0f %8.1f %7.2fx %10.0f %10.1f  %s%s%n",
                    names[p], best, median, bestWall, records / best, mb / best, ownBest / best,
                    allocated[p] / (double) reps / records, heapGrowth[p] / 1e6, Arrays.toString(checks[p]), same);
        }
        System.out.println("CPU s: the parsing thread's CPU time in its best round, the least disturbed by other work"
                + " on the machine (median: over the rounds; wall s: best elapsed time); records/s, MB/s and ratio from"
                + " it; ratio: CsvReader's CPU time / the parser's (above 1 is faster than CsvReader)");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static long[] decodeOnly(Path file) throws IOException {
        long chars = 0;
        long lines = 0;
        char[] buffer = new char[1 << 16];
        try (Reader in = CsvReaderAccess.utf8(Files.newInputStream(file))) {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                chars += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[] {lines, chars};
    }

    private static long[] parseAll(Parser parser, Path file) throws Exception {
        long records = 0;
        long fields = 0;
        long chars = 0;
        long lineSum = 0;
        try (Reader in = CsvReaderAccess.utf8(Files.newInputStream(file))) {
            Rows rows = parser.open(in, ',', MAX_LINE, MAX_FIELD);
            Row row;
            while ((row = rows.next()) != null) {
                records++;
                lineSum += row.line();
                List<String> f = row.fields();
                fields += f.size();
                for (int i = 0; i < f.size(); i++) {
                    chars += f.get(i).length();
                }
            }
        }
        return new long[] {records, fields, chars, lineSum};
    }

    // ---------------------------------------------------------------------------------------------------- heap

    /** Growth of the heap outside eden over a stretch of work: rough, but a 50 MB buffer shows. */
    static final class Heap {
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();
        private final long[] before;

        private Heap() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden")) {
                    pools.add(pool);
                }
            }
            before = new long[pools.size()];
        }

        static Heap start() {
            System.gc();
            Heap heap = new Heap();
            for (int i = 0; i < heap.pools.size(); i++) {
                heap.pools.get(i).resetPeakUsage();
                heap.before[i] = heap.pools.get(i).getUsage().getUsed();
            }
            return heap;
        }

        long growth() {
            long growth = 0;
            for (int i = 0; i < pools.size(); i++) {
                growth += Math.max(0, pools.get(i).getPeakUsage().getUsed() - before[i]);
            }
            return growth;
        }

        static long cpu() {
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        static long allocated() {
            return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                    .getThreadAllocatedBytes(Thread.currentThread().getId());
        }
    }

    // ---------------------------------------------------------------------------------------------------- parsers

    /** The import's own reader. */
    static final class Own implements Parser {
        @Override
        public String name() {
            return "CsvReader (ShopLens)";
        }

        @Override
        public Rows open(Reader utf8, char delimiter, int maxLine, int maxField) {
            CsvReaderAccess reader = CsvReaderAccess.open(utf8, delimiter == 0 ? CsvReaderAccess.WHITESPACE : delimiter,
                    maxLine, maxField);
            return () -> {
                List<String> fields = reader.next();
                return fields == null ? null : new Row(reader.recordLine(), fields);
            };
        }
    }

    /**
     * What an adapter over a library would add to it, as CsvReader does itself: a record read while the decoder met
     * bytes that are not UTF-8 is an error of its line. A library reads ahead in blocks, so the count moves when a
     * block is decoded, not when the record is parsed (the probe shows which line gets the blame).
     */
    static Rows utf8Checked(Reader utf8, Rows rows) {
        return new Rows() {
            @Override
            public Row next() throws Exception {
                long before = CsvReaderAccess.malformed(utf8);
                Row row = rows.next();
                long bad = CsvReaderAccess.malformed(utf8) - before;
                if (row != null && bad > 0) {
                    throw new IOException("line " + row.line() + " is not valid UTF-8 (" + bad + " bad sequence(s))");
                }
                return row;
            }
        };
    }

    /** Apache Commons CSV 1.14.1 (RFC 4180 format, spaces around values ignored, blank lines skipped). */
    static final class Commons implements Parser {
        @Override
        public String name() {
            return "Commons CSV 1.14.1";
        }

        @Override
        public Rows open(Reader utf8, char delimiter, int maxLine, int maxField) throws IOException {
            CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter == 0 ? ' ' : delimiter)
                    .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
            CSVParser parser = CSVParser.builder().setReader(utf8).setFormat(format).get();
            Iterator<CSVRecord> records = parser.iterator();
            return utf8Checked(utf8, () -> {
                if (!records.hasNext()) {
                    return null;
                }
                CSVRecord record = records.next();
                List<String> fields = record.toList();
                // The parser counts the line breaks read so far, the record's own included; it has no start line.
                long breaks = 0;
                for (String field : fields) {
                    for (int i = 0; i < field.length(); i++) {
                        if (field.charAt(i) == '\n') {
                            breaks++;
                        }
                    }
                }
                return new Row(parser.getCurrentLineNumber() - breaks, fields);
            });
        }
    }

    /** Jackson's CSV module (the Quarkus BOM's version), streaming tokens, no schema; field limit: maxStringLength. */
    static final class Jackson implements Parser {
        @Override
        public String name() {
            return "Jackson CSV " + com.fasterxml.jackson.dataformat.csv.PackageVersion.VERSION;
        }

        @Override
        public Rows open(Reader utf8, char delimiter, int maxLine, int maxField) throws IOException {
            CsvFactory factory = CsvFactory.builder().enable(CsvParser.Feature.TRIM_SPACES)
                    .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxField).build()).build();
            CsvParser parser = factory.createParser(utf8);
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter == 0 ? ' ' : delimiter));
            return utf8Checked(utf8, () -> {
                List<String> fields = null;
                long line = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.START_ARRAY) {
                        fields = new ArrayList<>();
                        line = -1;
                    } else if (token == JsonToken.END_ARRAY) {
                        return new Row(line, fields == null ? List.of() : fields);
                    } else {
                        if (fields == null) {
                            fields = new ArrayList<>();
                        }
                        if (line < 0) {
                            // The array's own location is where the previous row ended; its first value's is right.
                            line = parser.currentTokenLocation().getLineNr();
                        }
                        fields.add(parser.getText());
                    }
                }
                return null;
            });
        }
    }

    /** FastCSV 4.4.0 with its own field, record and buffer limits; unquoted fields trimmed as the import does. */
    static final class Fast implements Parser {
        private static final FieldModifier TRIM_UNQUOTED = new FieldModifier() {
            @Override
            public String modify(long startingLineNumber, int fieldIdx, boolean quoted, String field) {
                return quoted ? field : field.trim();
            }
        };

        @Override
        public String name() {
            return "FastCSV 4.4.0";
        }

        @Override
        public Rows open(Reader utf8, char delimiter, int maxLine, int maxField) {
            CsvRecordHandler handler = CsvRecordHandler.builder().maxFieldSize(maxField).maxRecordSize(maxLine)
                    .fieldModifier(TRIM_UNQUOTED).build();
            Iterator<CsvRecord> records = de.siegmar.fastcsv.reader.CsvReader.builder()
                    .fieldSeparator(delimiter == 0 ? ' ' : delimiter).skipEmptyLines(true).allowExtraFields(true)
                    .allowMissingFields(true).allowUnclosedQuote(false).trimWhitespacesAroundQuotes(true)
                    .maxBufferSize(Math.max(maxLine, 8192))
                    .build(handler, utf8).iterator();
            return utf8Checked(utf8, () -> {
                if (!records.hasNext()) {
                    return null;
                }
                CsvRecord record = records.next();
                return new Row(record.getStartingLineNumber(), record.getFields());
            });
        }
    }

    // ---------------------------------------------------------------------------------------------------- probes

    /** Small inputs through every parser; prints what each returned and whether that is what the import needs. */
    static final class Probes {
        private Probes() {
        }

        record Failure(long line, String message) {
        }

        static void run(List<Parser> parsers) throws Exception {
            for (Parser parser : parsers) {
                System.out.println("-- " + parser.name());
                List<String> failed = new ArrayList<>();
                check(failed, "line numbers after quoted line breaks", parser,
                        "id,desc\n1,\"a\nb\"\n2,\"c\r\nd\"\n3,e\n", ',',
                        "L1[id, desc] L2[1, a\\nb] L4[2, c\\r\\nd] L6[3, e] end");
                check(failed, "CRLF, a blank line, no final line break", parser, "a,b\r\nc,d\r\n\r\ne,f", ',',
                        "L1[a, b] L2[c, d] L4[e, f] end");
                check(failed, "byte-order mark", parser, "\uFEFFInvoice,Price\n1,2\n", ',',
                        "L1[Invoice, Price] L2[1, 2] end");
                check(failed, "delimiter ;", parser, "a;\"b;c\";d\n", ';', "L1[a, b;c, d] end");
                check(failed, "delimiter tab", parser, "a\t\"b\tc\"\td\n", '\t', "L1[a, b\\tc, d] end");
                check(failed, "delimiter |", parser, "a|\"b|c\"|d\n", '|', "L1[a, b|c, d] end");
                check(failed, "whitespace: runs of spaces and tabs", parser, "a  b\tc\n  \"x y\"   z\n", (char) 0,
                        "L1[a, b, c] L2[x y, z] end");
                List<Object> open = outcome(parser, stream("a,b\n1,\"open\n2,x\n"), ',', MAX_LINE, MAX_FIELD);
                boolean openOk = open.size() >= 2 && open.get(0) instanceof Row r && r.line() == 1
                        && open.get(1) instanceof Failure f
                        && (f.line() == 2 || f.message().matches("(?s).*line:? 2\\b.*"));
                report(failed, "unterminated quote at the end: an error naming line 2", open, openOk);
                utf8(failed, parser);
                huge(failed, parser, "a 50 MB field", new Generated("a,b\n1,", "x", 50_000_000L, "\n3,c\n"));
                huge(failed, parser, "a 50 MB line of short fields", new Generated("a,b\n1", ",xxxx", 50_000_000L,
                        "\n3,c\n"));
                System.out.println("   => " + (failed.isEmpty() ? "keeps every requirement" : "fails: "
                        + String.join("; ", failed)));
            }
        }

        private static InputStream stream(String text) {
            return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        private static void check(List<String> failed, String what, Parser parser, String input, char delimiter,
                String expected) throws Exception {
            List<Object> result = outcome(parser, stream(input), delimiter, MAX_LINE, MAX_FIELD);
            report(failed, what, result, show(result).equals(expected));
        }

        private static void report(List<String> failed, String what, List<Object> result, boolean ok) {
            System.out.printf(Locale.ROOT, "   %-4s %-52s %s%n", ok ? "ok" : "FAIL", what, show(result));
            if (!ok) {
                failed.add(what);
            }
        }

        /** Reads up to 12 records or errors; two errors in a row end it (the parser is stuck). */
        static List<Object> outcome(Parser parser, InputStream in, char delimiter, int maxLine, int maxField) {
            List<Object> result = new ArrayList<>();
            Reader utf8 = CsvReaderAccess.utf8(in);
            Rows rows;
            try {
                rows = parser.open(utf8, delimiter, maxLine, maxField);
            } catch (Exception | Error e) {
                result.add(failure(e));
                return result;
            }
            int errors = 0;
            for (int calls = 0; calls < 12; calls++) {
                try {
                    Row row = rows.next();
                    if (row == null) {
                        result.add("end");
                        break;
                    }
                    result.add(row);
                    errors = 0;
                } catch (Exception | Error e) {
                    result.add(failure(e));
                    if (++errors == 2) {
                        result.add("stuck");
                        break;
                    }
                }
            }
            return result;
        }

        private static Failure failure(Throwable e) {
            int line = e instanceof Exception x ? CsvReaderAccess.errorLine(x) : -1;
            Throwable cause = e;
            while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().contains("Exception")) {
                cause = cause.getCause();
            }
            String message = cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage())
                    .replace("\n", " ").replace("\r", " ");
            return new Failure(line, message.length() > 150 ? message.substring(0, 150) + "..." : message);
        }

        static String show(List<Object> result) {
            StringBuilder out = new StringBuilder();
            for (Object item : result) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                if (item instanceof Row row) {
                    out.append('L').append(row.line()).append('[');
                    for (int i = 0; i < Math.min(row.fields().size(), 6); i++) {
                        String f = row.fields().get(i);
                        if (i > 0) {
                            out.append(", ");
                        }
                        out.append(f.length() > 20 ? f.substring(0, 8) + "...(" + f.length() + " chars)"
                                : f.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
                                        .replace("\uFEFF", "<BOM>"));
                    }
                    if (row.fields().size() > 6) {
                        out.append(", ...(").append(row.fields().size()).append(" fields)");
                    }
                    out.append(']');
                } else if (item instanceof Failure f) {
                    out.append("ERROR(").append(f.line() >= 0 ? "line " + f.line() + ": " : "").append(f.message())
                            .append(')');
                } else {
                    out.append(item);
                }
            }
            return out.toString();
        }

        /** 5,000 lines, a byte 0xFF on line 3,000 (at its start, then at its end): that line alone is an error. */
        private static void utf8(List<String> failed, Parser parser) throws Exception {
            List<String> shown = new ArrayList<>();
            boolean ok = true;
            for (boolean atStart : new boolean[] {true, false}) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                for (int i = 1; i <= 5000; i++) {
                    if (i == 3000 && atStart) {
                        bytes.write(0xFF);
                    }
                    bytes.writeBytes(((i == 3000 ? "bad" : "" + i) + ",cafe").getBytes(StandardCharsets.UTF_8));
                    if (i == 3000 && !atStart) {
                        bytes.write(0xFF);
                    }
                    bytes.write('\n');
                }
                Reader utf8 = CsvReaderAccess.utf8(new java.io.ByteArrayInputStream(bytes.toByteArray()));
                Rows rows = parser.open(utf8, ',', MAX_LINE, MAX_FIELD);
                List<Failure> errors = new ArrayList<>();
                int read = 0;
                boolean badRowReturned = false;
                for (int calls = 0; calls < 6000; calls++) {
                    try {
                        Row row = rows.next();
                        if (row == null) {
                            break;
                        }
                        read++;
                        badRowReturned |= row.fields().get(0).endsWith("bad");
                    } catch (Exception e) {
                        errors.add(failure(e));
                    }
                }
                boolean right = errors.size() == 1 && !badRowReturned && (errors.get(0).line() == 3000
                        || errors.get(0).message().contains("line 3000 "));
                ok &= right;
                shown.add((atStart ? "at the start: " : "at the end: ") + read + " records, errors "
                        + errors.stream().map(f -> f.line() >= 0 ? "line " + f.line() : f.message()).toList()
                        + (badRowReturned ? ", line 3000 returned as a record" : ""));
            }
            System.out.printf(Locale.ROOT, "   %-4s %-52s %s%n", ok ? "ok" : "FAIL",
                    "byte 0xFF on line 3000 of 5000: an error of line 3000", String.join("; ", shown));
            if (!ok) {
                failed.add("non-UTF-8 byte blamed on its line");
            }
        }

        /** Limits 10,000 / 1,000: an error naming line 2, the next line read, the heap not holding the 50 MB. */
        private static void huge(List<String> failed, Parser parser, String what, InputStream in) {
            Heap heap = Heap.start();
            long start = System.nanoTime();
            List<Object> result = outcome(parser, in, ',', MAX_LINE, MAX_FIELD);
            double seconds = (System.nanoTime() - start) / 1e9;
            long growth = heap.growth();
            boolean named = result.size() >= 2 && result.get(1) instanceof Failure f
                    && (f.line() == 2 || f.message().matches("(?s).*line:? 2\\b.*"));
            boolean goesOn = result.stream().anyMatch(o -> o instanceof Row r && r.line() == 3);
            boolean bounded = growth < 20_000_000L;
            boolean ok = named && goesOn && bounded;
            report(failed, what + ": error of line 2, line 3 read", result, ok);
            System.out.printf(Locale.ROOT, "        %.1f s, heap +%.1f MB%s%s%s%n", seconds, growth / 1e6,
                    named ? "" : "; the error does not name line 2", goesOn ? "" : "; reading does not go on",
                    bounded ? "" : "; the heap held the line");
        }
    }

    /** An input of a given size made on the fly, so that a 50 MB probe does not itself sit in the heap. */
    static final class Generated extends InputStream {
        private final byte[] head;
        private final byte[] fillPattern;
        private final long fillLength;
        private final byte[] tail;
        private long position;

        Generated(String head, String fillPattern, long fillLength, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.fillPattern = fillPattern.getBytes(StandardCharsets.UTF_8);
            this.fillLength = fillLength;
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            long p = position;
            if (p < head.length) {
                position++;
                return head[(int) p] & 0xff;
            }
            p -= head.length;
            if (p < fillLength) {
                position++;
                return fillPattern[(int) (p % fillPattern.length)] & 0xff;
            }
            p -= fillLength;
            if (p < tail.length) {
                position++;
                return tail[(int) p] & 0xff;
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }
}
