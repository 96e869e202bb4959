package io.shoplens.frame;

import java.util.Arrays;

/**
 * A frame's returns: the order lines with negative quantities (Online Retail cancellation invoices, the simulator's
 * returns), kept apart from the sales so that every order count, recency and purchase rate stays one of sales, while
 * money can be netted. Sorted by date like the sales; amounts and quantities are positive (what was given back).
 * Customer, country, product and month codes are the frame's.
 */
public final class Returns {
    final StringColumn ids;
    final long[] date;
    final int[] month;
    final int[] customer;
    final int[] country;
    /** Cents given back: the negative lines' amount (for a return with no sale lines, minus the order's total). */
    final long[] amount;
    final int[] lineStart;
    final int[] lineProduct;
    final int[] lineQuantity;
    final long[] lineUnitPrice;
    // Each customer's returns in date order: customerReturns[customerStart[c] .. customerStart[c + 1]).
    final int[] customerStart;
    final int[] customerReturns;

    Returns(StringColumn ids, long[] date, int[] month, int[] customer, int[] country, long[] amount, int[] lineStart,
            int[] lineProduct, int[] lineQuantity, long[] lineUnitPrice, int customerCount) {
        this.ids = ids;
        this.date = date;
        this.month = month;
        this.customer = customer;
        this.country = country;
        this.amount = amount;
        this.lineStart = lineStart;
        this.lineProduct = lineProduct;
        this.lineQuantity = lineQuantity;
        this.lineUnitPrice = lineUnitPrice;
        this.customerStart = new int[customerCount + 1];
        for (int c : customer) {
            customerStart[c + 1]++;
        }
        for (int c = 0; c < customerCount; c++) {
            customerStart[c + 1] += customerStart[c];
        }
        this.customerReturns = new int[date.length];
        int[] fill = Arrays.copyOf(customerStart, customerCount);
        for (int r = 0; r < date.length; r++) {
            customerReturns[fill[customer[r]]++] = r;
        }
    }

    public int count() {
        return date.length;
    }

    public int lineCount() {
        return lineProduct.length;
    }

    public String id(int r) {
        return ids.get(r);
    }

    public long date(int r) {
        return date[r];
    }

    public int month(int r) {
        return month[r];
    }

    public int customer(int r) {
        return customer[r];
    }

    public int countryOf(int r) {
        return country[r];
    }

    public long amountCents(int r) {
        return amount[r];
    }

    public int firstLine(int r) {
        return lineStart[r];
    }

    public int endLine(int r) {
        return lineStart[r + 1];
    }

    public int lineProduct(int line) {
        return lineProduct[line];
    }

    /** Units given back (positive). */
    public int lineQuantity(int line) {
        return lineQuantity[line];
    }

    public long lineUnitPriceCents(int line) {
        return lineUnitPrice[line];
    }

    /** The first return on or after {@code millis}: returns [lowerBound(a), lowerBound(b)) are those in [a, b). */
    public int lowerBound(long millis) {
        return OrderFrame.firstOnOrAfter(date, null, 0, date.length, millis);
    }

    public int countOf(int c) {
        return customerStart[c + 1] - customerStart[c];
    }

    /** The customer's k-th return (0 = first), in date order. */
    public int returnOf(int c, int k) {
        return customerReturns[customerStart[c] + k];
    }

    /** Cents the customer gave back before {@code millis}. */
    public long amountBefore(int c, long millis) {
        long sum = 0;
        for (int k = 0; k < countOf(c); k++) {
            int r = returnOf(c, k);
            if (date[r] >= millis) {
                break;
            }
            sum += amount[r];
        }
        return sum;
    }

    long bytes() {
        return 8L * (date.length + amount.length + lineUnitPrice.length)
                + 4L * (month.length + customer.length + country.length + lineStart.length + lineProduct.length
                        + lineQuantity.length + customerStart.length + customerReturns.length)
                + ids.bytes.length + 4L * ids.offsets.length;
    }
}
