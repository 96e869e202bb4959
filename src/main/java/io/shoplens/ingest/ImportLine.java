package io.shoplens.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One valid order line read from a file.
 *
 * @param quantity negative for a returned line
 * @param fee the product is a fee or adjustment (shoplens.ingest.fee-codes)
 */
record ImportLine(String orderKey, String customerId, Instant date, String productId, String productName,
        int quantity, BigDecimal unitPrice, String country, String promoCode, BigDecimal discount, boolean fee) {
}
