package io.shoplens.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Many short strings (order ids) in one byte array with offsets: about 13 bytes an id instead of the 50 or so a
 * {@code String} object costs, which matters at millions of orders.
 */
final class StringColumn {
    final byte[] bytes;
    final int[] offsets;

    StringColumn(byte[] bytes, int[] offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
    }

    String get(int i) {
        return new String(bytes, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
    }

    int size() {
        return offsets.length - 1;
    }

    /** The same strings in the order {@code permutation} gives: element i is old element permutation[i]. */
    StringColumn permute(int[] permutation) {
        int[] newOffsets = new int[permutation.length + 1];
        byte[] newBytes = new byte[bytes.length];
        int at = 0;
        for (int i = 0; i < permutation.length; i++) {
            int from = offsets[permutation[i]];
            int length = offsets[permutation[i] + 1] - from;
            System.arraycopy(bytes, from, newBytes, at, length);
            at += length;
            newOffsets[i + 1] = at;
        }
        return new StringColumn(newBytes, newOffsets);
    }

    /** Appends strings one by one. */
    static final class Builder {
        private byte[] bytes = new byte[1 << 12];
        private int[] offsets = new int[1 << 10];
        private int size;

        void add(String value) {
            byte[] encoded = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
            int at = offsets[size];
            if (at + encoded.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + encoded.length));
            }
            System.arraycopy(encoded, 0, bytes, at, encoded.length);
            if (size + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[++size] = at + encoded.length;
        }

        /** Every string of {@code column}, in its order, as one copy of its bytes. */
        void addAll(StringColumn column) {
            int at = offsets[size];
            int n = column.size();
            int length = column.offsets[n];
            if (at + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + length + (1 << 12)));
            }
            System.arraycopy(column.bytes, 0, bytes, at, length);
            if (size + n + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, size + n + 1024));
            }
            for (int i = 1; i <= n; i++) {
                offsets[size + i] = at + column.offsets[i];
            }
            size += n;
        }

        StringColumn build() {
            return new StringColumn(Arrays.copyOf(bytes, offsets[size]), Arrays.copyOf(offsets, size + 1));
        }
    }
}
