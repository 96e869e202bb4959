package io.shoplens.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/** One valid order line read from a file. */
record ImportLine(String orderKey, String customerId, Instant date, String productId, String productName,
        int quantity, BigDecimal unitPrice, String country, String promoCode, BigDecimal discount) {
}
