package io.shoplens.ingest;

import java.math.BigDecimal;

/**
 * The largest price, discount or line amount an import or an append takes. The analysis frame keeps money as long
 * cents, and MongoDB as Decimal128: a line of 10^20 was stored, and every frame of that dataset then failed ("BigInteger
 * out of long range"); lines of 10^15 added up past a long and turned the revenue negative. Below a billion a line
 * is 10^11 cents, so sums over any frame the app can hold stay far within a long.
 */
final class Amounts {
    static final BigDecimal LIMIT = BigDecimal.valueOf(1_000_000_000L);
    static final String LARGEST = "999,999,999.99";

    private Amounts() {
    }

    static boolean tooLarge(BigDecimal amount) {
        return amount.abs().compareTo(LIMIT) >= 0;
    }

    /** Whether a line of {@code quantity} at {@code unitPrice} comes to the limit or more. */
    static boolean lineTooLarge(BigDecimal unitPrice, int quantity) {
        return tooLarge(unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }
}
