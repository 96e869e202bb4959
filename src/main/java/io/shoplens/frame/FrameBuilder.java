package io.shoplens.frame;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.Product;

/**
 * Collects customers, products and orders (in any order, as a cursor streams them) into an {@link OrderFrame}.
 * Memory grows with the data: {@link #estimatedBytes} lets the caller refuse a dataset that would not fit.
 */
public final class FrameBuilder {
    static final String UNCATEGORISED = "Uncategorised";

    private final long version;
    private final Instant end;
    private final boolean simulated;
    private final Map<String, Customer> customers = new HashMap<>();
    private final Map<String, Product> products = new HashMap<>();
    private final Dictionary customerIds = new Dictionary();
    private final Dictionary productIds = new Dictionary();
    private final Map<String, String> firstProductName = new HashMap<>();
    private final Dictionary countries = new Dictionary();
    private final Dictionary promoCodes = new Dictionary();

    private final StringColumn.Builder orderIds = new StringColumn.Builder();
    private long[] date = new long[1024];
    private int[] customer = new int[1024];
    private int[] country = new int[1024];
    private int[] promo = new int[1024];
    private long[] total = new long[1024];
    private long[] discount = new long[1024];
    private int[] lineEnd = new int[1024];
    private int orders;
    private int[] lineProduct = new int[4096];
    private int[] lineQuantity = new int[4096];
    private long[] lineUnitPrice = new long[4096];
    private int lines;

    /** For dataset {@code version}, whose data ends (exclusive) at {@code end}. */
    public FrameBuilder(long version, Instant end, boolean simulated) {
        this.version = version;
        this.end = end;
        this.simulated = simulated;
    }

    public void customer(Customer c) {
        customers.put(c.id, c);
        customerIds.code(c.id);
    }

    public void product(Product p) {
        products.put(p.id, p);
        productIds.code(p.id);
    }

    public void order(Order o) {
        if (orders == date.length) {
            int n = orders * 2;
            date = Arrays.copyOf(date, n);
            customer = Arrays.copyOf(customer, n);
            country = Arrays.copyOf(country, n);
            promo = Arrays.copyOf(promo, n);
            total = Arrays.copyOf(total, n);
            discount = Arrays.copyOf(discount, n);
            lineEnd = Arrays.copyOf(lineEnd, n);
        }
        orderIds.add(o.id);
        date[orders] = o.date.toEpochMilli();
        customer[orders] = customerIds.code(o.customerId);
        country[orders] = o.country == null || o.country.isBlank() ? OrderFrame.NONE : countries.code(o.country);
        promo[orders] = o.promoCode == null ? OrderFrame.NONE : promoCodes.code(o.promoCode);
        total[orders] = cents(o.total);
        discount[orders] = cents(o.discount);
        List<OrderLine> orderLines = o.lines == null ? List.of() : o.lines;
        for (OrderLine line : orderLines) {
            if (lines == lineProduct.length) {
                int n = lines * 2;
                lineProduct = Arrays.copyOf(lineProduct, n);
                lineQuantity = Arrays.copyOf(lineQuantity, n);
                lineUnitPrice = Arrays.copyOf(lineUnitPrice, n);
            }
            lineProduct[lines] = productIds.code(line.productId);
            firstProductName.putIfAbsent(line.productId, line.productName);
            lineQuantity[lines] = line.quantity;
            lineUnitPrice[lines] = cents(line.unitPrice);
            lines++;
        }
        lineEnd[orders] = lines;
        orders++;
    }

    public int orders() {
        return orders;
    }

    public int lines() {
        return lines;
    }

    /** The bytes the columns take at {@code orders} orders and {@code lines} lines (see {@link #ORDER_BYTES}). */
    public static long estimatedBytes(long orders, long lines) {
        return orders * ORDER_BYTES + lines * LINE_BYTES;
    }

    /** Columns of one order: date 8, month 4, customer 4, country 4, promo 4, total 8, discount 8, items 4,
     * line start 4, customer index 4, country index 4, id about 13 (bytes and offset). */
    public static final int ORDER_BYTES = 69;
    /** Columns of one line: product 4, quantity 4, unit price 8. */
    public static final int LINE_BYTES = 16;

    public OrderFrame build() {
        // Order by date (then by arrival, which a cursor keeps stable), so date ranges are contiguous.
        int[] byDate = sortByDate();
        StringColumn ids = orderIds.build().permute(byDate);
        long[] sortedDate = new long[orders];
        int[] sortedCustomerRaw = new int[orders];
        int[] sortedCountryRaw = new int[orders];
        int[] sortedPromoRaw = new int[orders];
        long[] sortedTotal = new long[orders];
        long[] sortedDiscount = new long[orders];
        int[] sortedItems = new int[orders];
        int[] sortedLineStart = new int[orders + 1];
        int[] sortedLineProductRaw = new int[lines];
        int[] sortedLineQuantity = new int[lines];
        long[] sortedLineUnitPrice = new long[lines];
        int at = 0;
        for (int i = 0; i < orders; i++) {
            int o = byDate[i];
            sortedDate[i] = date[o];
            sortedCustomerRaw[i] = customer[o];
            sortedCountryRaw[i] = country[o];
            sortedPromoRaw[i] = promo[o];
            sortedTotal[i] = total[o];
            sortedDiscount[i] = discount[o];
            int from = o == 0 ? 0 : lineEnd[o - 1];
            int to = lineEnd[o];
            sortedLineStart[i] = at;
            int items = 0;
            for (int l = from; l < to; l++) {
                sortedLineProductRaw[at] = lineProduct[l];
                sortedLineQuantity[at] = lineQuantity[l];
                sortedLineUnitPrice[at] = lineUnitPrice[l];
                items += lineQuantity[l];
                at++;
            }
            sortedItems[i] = items;
        }
        sortedLineStart[orders] = at;

        // Sorted dictionaries: codes then compare as the names do, and per-customer lists come out sorted by id.
        Dictionary.Sorted customerDict = customerIds.sorted();
        Dictionary.Sorted productDict = productIds.sorted();
        Dictionary.Sorted countryDict = countries.sorted();
        Dictionary.Sorted promoDict = promoCodes.sorted();
        int[] sortedCustomer = customerDict.remap(sortedCustomerRaw);
        int[] sortedCountry = countryDict.remap(sortedCountryRaw);
        int[] sortedPromo = promoDict.remap(sortedPromoRaw);
        int[] sortedLineProduct = productDict.remap(sortedLineProductRaw);

        int customerCount = customerDict.values().length;
        int[] lastCountry = new int[customerCount];
        Arrays.fill(lastCountry, OrderFrame.NONE);
        int[] customerStart = new int[customerCount + 1];
        for (int i = 0; i < orders; i++) {
            customerStart[sortedCustomer[i] + 1]++;
            if (sortedCountry[i] != OrderFrame.NONE) {
                lastCountry[sortedCustomer[i]] = sortedCountry[i];
            }
        }
        for (int c = 0; c < customerCount; c++) {
            customerStart[c + 1] += customerStart[c];
        }
        int[] fill = Arrays.copyOf(customerStart, customerCount);
        int[] customerOrders = new int[orders];
        for (int i = 0; i < orders; i++) {
            customerOrders[fill[sortedCustomer[i]]++] = i;
        }

        String[] countryValues = countryDict.values();
        String[] names = new String[customerCount];
        String[] emails = new String[customerCount];
        String[] cities = new String[customerCount];
        String[] customerCountry = new String[customerCount];
        String[] customerIdValues = customerDict.values();
        for (int c = 0; c < customerCount; c++) {
            Customer profile = customers.get(customerIdValues[c]);
            customerCountry[c] = lastCountry[c] == OrderFrame.NONE ? null : countryValues[lastCountry[c]];
            if (profile != null) {
                String name = profile.displayName();
                names[c] = name.equals(profile.id) ? null : name;
                emails[c] = profile.email;
                cities[c] = profile.city;
                if (profile.country != null && !profile.country.isBlank()) {
                    customerCountry[c] = profile.country;
                }
            }
        }

        String[] productIdValues = productDict.values();
        String[] productNames = new String[productIdValues.length];
        int[] productCategory = new int[productIdValues.length];
        TreeMap<String, Integer> categoryCodes = new TreeMap<>();
        String[] productCategoryNames = new String[productIdValues.length];
        for (int p = 0; p < productIdValues.length; p++) {
            Product product = products.get(productIdValues[p]);
            String name = firstProductName.get(productIdValues[p]);
            productNames[p] = name != null ? name : product != null ? product.name : productIdValues[p];
            String category = product == null || product.category == null || product.category.isBlank()
                    ? UNCATEGORISED : product.category;
            productCategoryNames[p] = category;
            categoryCodes.put(category, 0);
        }
        String[] categories = categoryCodes.keySet().toArray(String[]::new);
        for (int p = 0; p < productIdValues.length; p++) {
            productCategory[p] = Arrays.binarySearch(categories, productCategoryNames[p]);
        }

        YearMonth firstMonth = orders == 0 ? YearMonth.of(1970, 1) : month(sortedDate[0]);
        int[] orderMonth = new int[orders];
        long firstKey = firstMonth.getYear() * 12L + firstMonth.getMonthValue() - 1;
        for (int i = 0; i < orders; i++) {
            YearMonth m = month(sortedDate[i]);
            orderMonth[i] = (int) (m.getYear() * 12L + m.getMonthValue() - 1 - firstKey);
        }

        Map<String, Integer> codes = new HashMap<>(customerCount * 2);
        for (int c = 0; c < customerCount; c++) {
            codes.put(customerIdValues[c], c);
        }
        return new OrderFrame(version, end, simulated, customerIdValues, codes, names, emails, cities, customerCountry,
                productIdValues, productNames, productCategory, categories, countryValues, promoDict.values(), ids,
                sortedDate, orderMonth, sortedCustomer, sortedCountry, sortedPromo, sortedTotal, sortedDiscount,
                sortedItems, sortedLineStart, sortedLineProduct, sortedLineQuantity, sortedLineUnitPrice,
                customerStart, customerOrders, firstMonth);
    }

    private int[] sortByDate() {
        Integer[] boxed = new Integer[orders];
        for (int i = 0; i < orders; i++) {
            boxed[i] = i;
        }
        // Stable, so equal dates keep their arrival order.
        Arrays.sort(boxed, (a, b) -> Long.compare(date[a], date[b]));
        int[] order = new int[orders];
        for (int i = 0; i < orders; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    private static YearMonth month(long millis) {
        return YearMonth.from(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }

    /** Money to whole cents; amounts with finer fractions (a foreign writer's data) round half up. */
    static long cents(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /** Strings to codes in first-seen order while building; {@link #sorted} renumbers them in natural order. */
    static final class Dictionary {
        private final Map<String, Integer> codes = new HashMap<>();
        private final java.util.ArrayList<String> values = new java.util.ArrayList<>();

        int code(String value) {
            Integer code = codes.get(value);
            if (code == null) {
                code = values.size();
                codes.put(value, code);
                values.add(value);
            }
            return code;
        }

        Sorted sorted() {
            String[] sortedValues = values.toArray(String[]::new);
            Arrays.sort(sortedValues);
            int[] newCode = new int[values.size()];
            for (int i = 0; i < sortedValues.length; i++) {
                newCode[codes.get(sortedValues[i])] = i;
            }
            return new Sorted(sortedValues, newCode);
        }

        record Sorted(String[] values, int[] newCode) {
            int[] remap(int[] oldCodes) {
                int[] result = new int[oldCodes.length];
                for (int i = 0; i < oldCodes.length; i++) {
                    result[i] = oldCodes[i] == OrderFrame.NONE ? OrderFrame.NONE : newCode[oldCodes[i]];
                }
                return result;
            }

        }
    }
}
