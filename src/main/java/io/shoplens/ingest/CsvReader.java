package io.shoplens.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams CSV records (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF),
 * skipping a leading byte-order mark. In whitespace mode fields are separated by runs of spaces or tabs. Reports the
 * line each record starts on, and an unterminated quote at the end of the input as an error. A record or a field longer
 * than its limit is read to its end without being kept (memory stays bounded) and reported as an error of its line,
 * after which reading goes on with the next record; so is a record with bytes that are not UTF-8.
 */
final class CsvReader {
    static final char WHITESPACE = 0;

    private final Utf8Input in;
    private final char delimiter;
    private final int maxRecordLength;
    private final int maxFieldLength;
    /**
     * Characters taken from the decoder a block at a time. The decoder hands a bad byte sequence over in a block of
     * its own, so it is still counted at the moment this reader reaches it.
     */
    private final char[] buffer = new char[1 << 14];
    private int position;
    private int limit;
    private int line = 1;
    private int recordLine;
    private boolean started;

    CsvReader(Utf8Input in, char delimiter, int maxRecordLength, int maxFieldLength) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxRecordLength = maxRecordLength;
        this.maxFieldLength = maxFieldLength;
    }

    /** The line the last record returned started on, counted from 1. */
    int recordLine() {
        return recordLine;
    }

    /** The next record, or null at the end of the input; blank lines are skipped. */
    List<String> next() throws IOException {
        while (true) {
            // Counted before the record's first character is read: a bad byte opening a line is an error of it too.
            long malformedBefore = in.malformed();
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
            if (in.malformed() > malformedBefore) {
                throw new MalformedCsvException(recordLine, true, "the line is not valid UTF-8 (" + (in.malformed()
                        - malformedBefore) + " bad byte sequence(s)); save the file as UTF-8 and import it again");
            }
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
        long length = 0;
        boolean fieldTooLong = false;
        while (true) {
            // A run of characters that need no decision is copied in one go; the loop below sees only the others.
            int run = quoted ? quotedRun() : plainRun();
            if (run > 0) {
                length += run;
                fieldTooLong |= appendRun(field, run);
            }
            int c = read();
            length++;
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException(recordLine, false, "a quoted field is not closed before the end"
                            + " of the file (truncated last line?)");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        fieldTooLong |= append(field, '"');
                    } else {
                        quoted = false;
                        unread(next);
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    fieldTooLong |= append(field, (char) c);
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
                if (length > maxRecordLength) {
                    throw new MalformedCsvException(recordLine, true, "the line is longer than the limit of "
                            + maxRecordLength + " characters (shoplens.ingest.max-line-length)");
                }
                if (fieldTooLong) {
                    throw new MalformedCsvException(recordLine, true, "a field is longer than the limit of "
                            + maxFieldLength + " characters (shoplens.ingest.max-field-length)");
                }
                fields.add(wasQuoted ? field.toString() : trimmed(field));
                return fields;
            }
            if (c == '"' && (field.length() == 0 || field.toString().isBlank())) {
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
                if (length <= maxRecordLength) {
                    fields.add(wasQuoted ? field.toString() : trimmed(field));
                }
                field.setLength(0);
                wasQuoted = false;
                continue;
            }
            fieldTooLong |= append(field, (char) c);
        }
    }

    /** How many buffered characters from here hold no delimiter, line break or quote. */
    private int plainRun() {
        char[] b = buffer;
        int i = position;
        int end = limit;
        if (delimiter == WHITESPACE) {
            while (i < end) {
                char c = b[i];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"') {
                    break;
                }
                i++;
            }
        } else {
            char d = delimiter;
            while (i < end) {
                char c = b[i];
                if (c == d || c == '\n' || c == '\r' || c == '"') {
                    break;
                }
                i++;
            }
        }
        return i - position;
    }

    /** How many buffered characters from here, inside quotes, hold no quote or line feed. */
    private int quotedRun() {
        char[] b = buffer;
        int i = position;
        int end = limit;
        while (i < end) {
            char c = b[i];
            if (c == '"' || c == '\n') {
                break;
            }
            i++;
        }
        return i - position;
    }

    /** Consumes a run of buffered characters, keeping what fits in the field; answers whether some were dropped. */
    private boolean appendRun(StringBuilder field, int run) {
        int room = maxFieldLength - field.length();
        int start = position;
        position += run;
        if (run <= room) {
            field.append(buffer, start, run);
            return false;
        }
        if (room > 0) {
            field.append(buffer, start, room);
        }
        return true;
    }

    /** Keeps the character unless the field is already at its limit; answers whether it was dropped. */
    private boolean append(StringBuilder field, char c) {
        if (field.length() >= maxFieldLength) {
            return true;
        }
        field.append(c);
        return false;
    }

    private boolean isDelimiter(int c) {
        return delimiter == WHITESPACE ? c == ' ' || c == '\t' : c == delimiter;
    }

    /** The field without the spaces and control characters around it, as {@link String#trim} would, in one copy. */
    private static String trimmed(StringBuilder field) {
        int start = 0;
        int end = field.length();
        while (start < end && field.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && field.charAt(end - 1) <= ' ') {
            end--;
        }
        return field.substring(start, end);
    }

    private int read() throws IOException {
        if (position < limit) {
            return buffer[position++];
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            position = 0;
            limit = 0;
            return -1;
        }
        position = 1;
        limit = n;
        return buffer[0];
    }

    /** Steps back over the character just read (the end of the input stays where it is). */
    private void unread(int c) {
        if (c != -1) {
            position--;
        }
    }

    static final class MalformedCsvException extends IOException {
        final int line;
        /** Whether the bad record was read to its end, so that the next one can be read. */
        final boolean recoverable;

        MalformedCsvException(int line, boolean recoverable, String message) {
            super(message);
            this.line = line;
            this.recoverable = recoverable;
        }
    }
}
