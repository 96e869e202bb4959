package io.shoplens.store;

import java.math.BigDecimal;

public class OrderLine {
    public String productId;
    public String productName;
    public int quantity;
    public BigDecimal unitPrice;

    public OrderLine() {
    }

    public OrderLine(String productId, String productName, int quantity, BigDecimal unitPrice) {
        this.productId = productId;
        this.productName = productName;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
    }

    public BigDecimal amount() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
