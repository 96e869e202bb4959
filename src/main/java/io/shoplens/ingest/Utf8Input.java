package io.shoplens.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and counts the byte sequences that are not UTF-8 at the moment their replacement character is read,
 * so that the CSV reader can say which line had them ({@link #malformed}); an {@code InputStreamReader} would either
 * stop at the first one or silently turn them into U+FFFD.
 */
final class Utf8Input extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    /** Length of a bad sequence found after the characters in the buffer; it is delivered on its own next. */
    private int pendingBad;
    private boolean endOfInput;
    private boolean flushed;
    private long malformed;

    Utf8Input(InputStream in) {
        this.in = in;
    }

    /** Bad sequences read so far. */
    long malformed() {
        return malformed;
    }

    @Override
    public int read() throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        return chars.get();
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    /** Refills the character buffer; a bad sequence always gets a buffer of its own, so it is counted as it is read. */
    private boolean fill() throws IOException {
        if (flushed) {
            // The end stays the end: decoding again after the flush would throw IllegalStateException, and clearing
            // the buffer first would hand out its stale characters on the read after that.
            return false;
        }
        chars.clear();
        if (pendingBad > 0) {
            bytes.position(bytes.position() + pendingBad);
            pendingBad = 0;
            return replacement();
        }
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                if (chars.position() > 0) {
                    pendingBad = result.length();
                    break;
                }
                bytes.position(bytes.position() + result.length());
                return replacement();
            }
            if (result.isOverflow() || chars.position() > 0) {
                break;
            }
            if (endOfInput) {
                if (!flushed) {
                    decoder.flush(chars);
                    flushed = true;
                }
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        chars.flip();
        return chars.hasRemaining();
    }

    private boolean replacement() {
        malformed++;
        chars.put('\uFFFD');
        chars.flip();
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
