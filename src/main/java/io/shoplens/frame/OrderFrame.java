package io.shoplens.frame;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;

/**
 * One dataset version's customers, products, orders and order lines as columns: primitive arrays, strings
 * dictionary-encoded, money in whole cents (so every sum stays exact to the cent). Orders are sorted by date, so a
 * date range is one contiguous run found by binary search, and each customer's orders are listed in date order.
 * Immutable once built and shared read-only by every analysis; {@link FrameBuilder} makes one.
 */
public final class OrderFrame {
    /** Code of a missing country or promo code. */
    public static final int NONE = -1;

    private static final java.util.concurrent.atomic.AtomicLong STAMPS = new java.util.concurrent.atomic.AtomicLong();

    final long version;
    /**
     * The dataset's append sequence this frame includes: orders appended to the version (each has a {@code seq}) up
     * to this one are in it; 0 for a version as generated or imported.
     */
    final long appended;
    /** Unique to this frame in this process: appends make a new frame of the same version, so caches key on this. */
    private final long stamp = STAMPS.incrementAndGet();
    private volatile long netRevenue = Long.MIN_VALUE;
    /** The end of the data, exclusive (midnight after the as-of date): analyses see the customers as of then. */
    final Instant end;
    /** Simulated data has a hidden truth to measure the analyses against. */
    final boolean simulated;
    // Customers, by code; codes follow the ids' natural order, so per-customer results come out sorted by id.
    final String[] customerIds;
    final Map<String, Integer> customerCodes;
    final String[] customerNames;
    final String[] customerEmails;
    final String[] customerCities;
    final String[] customerCountry;
    // Products, by code.
    final String[] productIds;
    final String[] productNames;
    final int[] productCategory;
    /** Non-product lines (postage, bank charges, manual adjustments): in revenue, out of product rankings. */
    final boolean[] productFee;
    final String[] categories;
    final String[] countries;
    final String[] promoCodes;
    // Orders, by date.
    final StringColumn orderIds;
    final long[] orderDate;
    final int[] orderMonth;
    final int[] orderCustomer;
    final int[] orderCountry;
    final int[] orderPromo;
    final long[] orderTotal;
    final long[] orderDiscount;
    final int[] orderItems;
    final int[] lineStart;
    // Lines, grouped by order.
    final int[] lineProduct;
    final int[] lineQuantity;
    final long[] lineUnitPrice;
    // Each customer's orders in date order: customerOrders[customerStart[c] .. customerStart[c + 1]).
    final int[] customerStart;
    final int[] customerOrders;
    // Each country's orders in date order: countryOrders[countryStart[k] .. countryStart[k + 1]).
    final int[] countryStart;
    final int[] countryOrders;
    /** Month code 0 is this month; an order's month is {@code firstMonth.plusMonths(orderMonth[i])}. */
    final YearMonth firstMonth;
    final Returns returns;
    private final int monthCount;

    OrderFrame(long version, long appended, Instant end, boolean simulated, String[] customerIds, Map<String, Integer> customerCodes,
            String[] customerNames,
            String[] customerEmails, String[] customerCities, String[] customerCountry, String[] productIds,
            String[] productNames, int[] productCategory, boolean[] productFee, String[] categories,
            String[] countries,
            String[] promoCodes, StringColumn orderIds, long[] orderDate, int[] orderMonth, int[] orderCustomer,
            int[] orderCountry, int[] orderPromo, long[] orderTotal, long[] orderDiscount, int[] orderItems,
            int[] lineStart, int[] lineProduct, int[] lineQuantity, long[] lineUnitPrice, int[] customerStart,
            int[] customerOrders, YearMonth firstMonth, Returns returns) {
        this.version = version;
        this.appended = appended;
        this.end = end;
        this.simulated = simulated;
        this.customerIds = customerIds;
        this.customerCodes = customerCodes;
        this.customerNames = customerNames;
        this.customerEmails = customerEmails;
        this.customerCities = customerCities;
        this.customerCountry = customerCountry;
        this.productIds = productIds;
        this.productNames = productNames;
        this.productCategory = productCategory;
        this.productFee = productFee;
        this.categories = categories;
        this.countries = countries;
        this.promoCodes = promoCodes;
        this.orderIds = orderIds;
        this.orderDate = orderDate;
        this.orderMonth = orderMonth;
        this.orderCustomer = orderCustomer;
        this.orderCountry = orderCountry;
        this.orderPromo = orderPromo;
        this.orderTotal = orderTotal;
        this.orderDiscount = orderDiscount;
        this.orderItems = orderItems;
        this.lineStart = lineStart;
        this.lineProduct = lineProduct;
        this.lineQuantity = lineQuantity;
        this.lineUnitPrice = lineUnitPrice;
        this.customerStart = customerStart;
        this.customerOrders = customerOrders;
        this.firstMonth = firstMonth;
        this.returns = returns;
        int lastMonth = -1;
        if (orderMonth.length > 0) {
            lastMonth = orderMonth[orderMonth.length - 1];
        }
        if (returns.count() > 0) {
            lastMonth = Math.max(lastMonth, returns.month(returns.count() - 1));
        }
        this.monthCount = lastMonth + 1;
        this.countryStart = new int[countries.length + 1];
        for (int country : orderCountry) {
            if (country != NONE) {
                countryStart[country + 1]++;
            }
        }
        for (int k = 0; k < countries.length; k++) {
            countryStart[k + 1] += countryStart[k];
        }
        this.countryOrders = new int[countryStart[countries.length]];
        int[] fill = Arrays.copyOf(countryStart, countries.length);
        for (int o = 0; o < orderCountry.length; o++) {
            if (orderCountry[o] != NONE) {
                countryOrders[fill[orderCountry[o]]++] = o;
            }
        }
    }

    public long appended() {
        return appended;
    }

    /** Identifies this frame's contents within the process (see {@code stamp}); caches of analyses key on it. */
    public long stamp() {
        return stamp;
    }

    /** Net revenue of the whole frame in cents: every sale's total less every return. Linear; kept once computed. */
    public long netRevenueCents() {
        long cached = netRevenue;
        if (cached == Long.MIN_VALUE) {
            long cents = 0;
            for (long total : orderTotal) {
                cents += total;
            }
            for (int r = 0; r < returns.count(); r++) {
                cents -= returns.amountCents(r);
            }
            netRevenue = cached = cents;
        }
        return cached;
    }

    public long version() {
        return version;
    }

    public Instant end() {
        return end;
    }

    public boolean simulated() {
        return simulated;
    }

    public int orderCount() {
        return orderDate.length;
    }

    public int lineCount() {
        return lineProduct.length;
    }

    public int customerCount() {
        return customerIds.length;
    }

    public int productCount() {
        return productIds.length;
    }

    // --- dictionaries -------------------------------------------------------------------------------------------

    public String customerId(int customer) {
        return customerIds[customer];
    }

    public OptionalInt customerCode(String id) {
        Integer code = id == null ? null : customerCodes.get(id);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** The customer's name, or the id for customers who came without one (imports). */
    public String customerName(int customer) {
        return customerNames[customer] == null ? customerIds[customer] : customerNames[customer];
    }

    public String customerEmail(int customer) {
        return customerEmails[customer];
    }

    public String customerCity(int customer) {
        return customerCities[customer];
    }

    /** The country of the customer's profile, else of their last order; null when neither has one. */
    public String customerCountry(int customer) {
        return customerCountry[customer];
    }

    boolean hasProduct(String id) {
        return Arrays.binarySearch(productIds, id) >= 0;
    }

    public String productId(int product) {
        return productIds[product];
    }

    public String productName(int product) {
        return productNames[product];
    }

    public String productCategory(int product) {
        return categories[productCategory[product]];
    }

    public int categoryCount() {
        return categories.length;
    }

    public String category(int category) {
        return categories[category];
    }

    /** Whether the product is a fee or adjustment rather than goods (see {@link io.shoplens.store.Product#fee}). */
    public boolean fee(int product) {
        return productFee[product];
    }

    public int productCategoryCode(int product) {
        return productCategory[product];
    }

    public int countryCount() {
        return countries.length;
    }

    /** Country names in sorted order, so that codes compare as the names do. */
    public List<String> countries() {
        return List.of(countries);
    }

    public String country(int code) {
        return code == NONE ? null : countries[code];
    }

    /** The code of a country name, or empty when no order has it. */
    public OptionalInt countryCode(String country) {
        int i = country == null ? -1 : Arrays.binarySearch(countries, country);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }

    public int promoCodeCount() {
        return promoCodes.length;
    }

    public String promoCode(int code) {
        return code == NONE ? null : promoCodes[code];
    }

    // --- orders ---------------------------------------------------------------------------------------------------

    public String orderId(int order) {
        return orderIds.get(order);
    }

    public long date(int order) {
        return orderDate[order];
    }

    public Instant instant(int order) {
        return Instant.ofEpochMilli(orderDate[order]);
    }

    public int month(int order) {
        return orderMonth[order];
    }

    public YearMonth yearMonth(int monthCode) {
        return firstMonth.plusMonths(monthCode);
    }

    /** Months from the first sale's or return's month to the last one's, both included; 0 without either. */
    public int monthCount() {
        return monthCount;
    }

    /** The returns, apart from the sales that every other accessor here describes. */
    public Returns returns() {
        return returns;
    }

    public int customer(int order) {
        return orderCustomer[order];
    }

    public int countryOf(int order) {
        return orderCountry[order];
    }

    public int promoOf(int order) {
        return orderPromo[order];
    }

    public long totalCents(int order) {
        return orderTotal[order];
    }

    public long discountCents(int order) {
        return orderDiscount[order];
    }

    public int items(int order) {
        return orderItems[order];
    }

    public int firstLine(int order) {
        return lineStart[order];
    }

    public int endLine(int order) {
        return lineStart[order + 1];
    }

    public int lineProduct(int line) {
        return lineProduct[line];
    }

    public int lineQuantity(int line) {
        return lineQuantity[line];
    }

    public long lineUnitPriceCents(int line) {
        return lineUnitPrice[line];
    }

    /** The first order on or after {@code millis}: orders [lowerBound(a), lowerBound(b)) are those in [a, b). */
    public int lowerBound(long millis) {
        return firstOnOrAfter(null, 0, orderDate.length, millis);
    }

    /** The order at {@code position} of the per-country lists (each country's orders in date order). */
    public int countryOrder(int position) {
        return countryOrders[position];
    }

    /** The first position of country {@code k}'s list whose order is on or after {@code millis}. */
    public int countryLowerBound(int k, long millis) {
        return firstOnOrAfter(countryOrders, countryStart[k], countryStart[k + 1], millis);
    }

    private int firstOnOrAfter(int[] orders, int lo, int hi, long millis) {
        return firstOnOrAfter(orderDate, orders, lo, hi, millis);
    }

    /**
     * Binary search over positions [lo, hi) of a list of rows sorted by {@code dates} (the rows themselves when
     * {@code rows} is null): the first whose date is on or after {@code millis}. Sales and returns share it.
     */
    static int firstOnOrAfter(long[] dates, int[] rows, int lo, int hi, long millis) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (dates[rows == null ? mid : rows[mid]] < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // --- customers' orders -----------------------------------------------------------------------------------------

    public int orderCountOf(int customer) {
        return customerStart[customer + 1] - customerStart[customer];
    }

    /** The customer's k-th order (0 = first), in date order. */
    public int orderOf(int customer, int k) {
        return customerOrders[customerStart[customer] + k];
    }

    /** Heap bytes of the order columns (ids included), measured from the arrays as allocated. */
    public long orderColumnBytes() {
        return 8L * (orderDate.length + orderTotal.length + orderDiscount.length)
                + 4L * (orderMonth.length + orderCustomer.length + orderCountry.length + orderPromo.length
                        + orderItems.length + lineStart.length + customerOrders.length + countryOrders.length)
                + orderIds.bytes.length + 4L * orderIds.offsets.length;
    }

    /** Heap bytes of the line columns. */
    public long lineColumnBytes() {
        return 4L * (lineProduct.length + lineQuantity.length) + 8L * lineUnitPrice.length;
    }

    /** Rough heap bytes of the dictionaries and customer profiles (strings at 40 bytes plus two a character). */
    public long dictionaryBytes() {
        long bytes = 4L * customerStart.length + 4L * productCategory.length;
        for (String[] strings : List.of(customerIds, customerNames, customerEmails, customerCities, customerCountry,
                productIds, productNames, categories, countries, promoCodes)) {
            for (String s : strings) {
                bytes += 8 + (s == null ? 0 : 40 + 2L * s.length());
            }
        }
        return bytes + 64L * customerCodes.size();
    }

    public long columnBytes() {
        return orderColumnBytes() + lineColumnBytes() + dictionaryBytes() + returns.bytes();
    }

    /** Order {@code o} as the entity it was read from (product names as the frame knows them). */
    public Order order(int o) {
        Order order = new Order();
        order.id = orderId(o);
        order.customerId = customerIds[orderCustomer[o]];
        order.date = instant(o);
        order.country = country(orderCountry[o]);
        order.promoCode = promoCode(orderPromo[o]);
        order.discount = money(orderDiscount[o]);
        order.total = money(orderTotal[o]);
        order.lines = new ArrayList<>(endLine(o) - firstLine(o));
        for (int l = firstLine(o); l < endLine(o); l++) {
            order.lines.add(new OrderLine(productIds[lineProduct[l]], productNames[lineProduct[l]], lineQuantity[l],
                    money(lineUnitPrice[l])));
        }
        return order;
    }

    /** The customer's orders in date order; empty for an unknown id. */
    public List<Order> ordersOf(String customerId) {
        OptionalInt code = customerCode(customerId);
        if (code.isEmpty()) {
            return List.of();
        }
        List<Order> orders = new ArrayList<>(orderCountOf(code.getAsInt()));
        for (int k = 0; k < orderCountOf(code.getAsInt()); k++) {
            orders.add(order(orderOf(code.getAsInt(), k)));
        }
        return orders;
    }

    /** The customer's sales and returns together, in date order (a return after the sale of the same moment). */
    public List<Order> historyOf(String customerId) {
        List<Order> history = new ArrayList<>(ordersOf(customerId));
        history.addAll(returnsOf(customerId));
        history.sort(java.util.Comparator.comparing((Order o) -> o.date));
        return history;
    }

    /** The customer's returns in date order, as order entities with negative quantities; empty for an unknown id. */
    public List<Order> returnsOf(String customerId) {
        OptionalInt code = customerCode(customerId);
        if (code.isEmpty()) {
            return List.of();
        }
        int c = code.getAsInt();
        List<Order> result = new ArrayList<>(returns.countOf(c));
        for (int k = 0; k < returns.countOf(c); k++) {
            int r = returns.returnOf(c, k);
            Order order = new Order();
            order.id = returns.id(r);
            order.customerId = customerIds[c];
            order.date = Instant.ofEpochMilli(returns.date(r));
            order.country = country(returns.countryOf(r));
            order.discount = BigDecimal.ZERO.setScale(2);
            order.total = money(-returns.amountCents(r));
            order.lines = new ArrayList<>(returns.endLine(r) - returns.firstLine(r));
            for (int l = returns.firstLine(r); l < returns.endLine(r); l++) {
                order.lines.add(new OrderLine(productIds[returns.lineProduct(l)],
                        productNames[returns.lineProduct(l)], -returns.lineQuantity(l),
                        money(returns.lineUnitPriceCents(l))));
            }
            result.add(order);
        }
        return result;
    }

    public static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
