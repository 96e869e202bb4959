package io.shoplens.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;

import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;

/**
 * Writes orders appended to the current dataset version: idempotent by order id (an id stored with the same content
 * is a duplicate and not written again, with other content an error), creating the customers and products it does not
 * know, numbering the new orders in the version's append sequence, and only then recording them in
 * {@link DatasetInfo}. The insert is acknowledged by a majority of a replica set's members, so an order reported
 * accepted survives a crash of the app or of the primary.
 */
@ApplicationScoped
public class Appends {
    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    Event<OrdersAppended> appended;
    /** The dataset version whose interrupted appends this process has counted in; -1 until then, and after a failure. */
    private long reconciledVersion = -1;

    /**
     * @param accepted orders written by this request
     * @param duplicates orders already stored with the same content (a retry), not written again
     * @param orders the dataset's sales orders after the append
     */
    public record Result(int accepted, int duplicates, long orders, long version) {
    }

    /**
     * @param orders checked orders in request order, each with its request line (for errors) in {@code lines}
     * @param categories the category the request gave each product id, for the products it creates
     * @param feeCodes product ids (upper case) that are fees and adjustments
     */
    public synchronized Result append(List<Order> orders, List<Integer> lines, Map<String, String> categories,
            Set<String> feeCodes) {
        if (!jobs.tryAppend()) {
            throw new ConflictException("A dataset is being generated or imported; orders can be appended once it"
                    + " is ready (GET /api/dataset shows its progress).");
        }
        try {
            return write(orders, lines, categories, feeCodes);
        } catch (RuntimeException e) {
            reconciledVersion = -1; // it may have stopped between the orders' insert and their record
            throw e;
        } finally {
            jobs.appendDone();
        }
    }

    private Result write(List<Order> orders, List<Integer> lines, Map<String, String> categories,
            Set<String> feeCodes) {
        DatasetInfo info = DatasetInfo.findById(DatasetInfo.CURRENT);
        if (info == null) {
            throw new ConflictException("There is no dataset to append to yet; generate or import one first.");
        }
        boolean reconciled = info.version != reconciledVersion && reconcile(info);
        reconciledVersion = info.version;
        // Ids repeated within the request count once; stored ones are duplicates when their content is the same.
        Map<String, Order> incoming = new LinkedHashMap<>();
        List<FieldError> conflicts = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            Order earlier = incoming.putIfAbsent(o.id, o);
            if (earlier != null) {
                duplicates++;
                if (!sameContent(earlier, o)) {
                    conflicts.add(new FieldError("line " + lines.get(i) + " (id)", "order " + o.id + " appears"
                            + " twice in the request with different content"));
                }
            }
        }
        Map<String, Order> stored = new HashMap<>();
        Order.<Order>mongoCollection().find(Filters.in("_id", incoming.keySet())).forEach(o -> stored.put(o.id, o));
        List<Order> fresh = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            if (incoming.get(o.id) != o) {
                continue;
            }
            Order old = stored.get(o.id);
            if (old == null) {
                fresh.add(o);
            } else if (sameContent(old, o)) {
                duplicates++;
            } else {
                conflicts.add(new FieldError("line " + lines.get(i) + " (id)", "order " + o.id + " is stored"
                        + " already with other content; an order id names one order"));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ValidationException(conflicts);
        }
        if (fresh.isEmpty()) {
            if (reconciled) {
                store.recordAppend(info);
            }
            return new Result(0, duplicates, info.orders, info.version);
        }

        List<Customer> newCustomers = newCustomers(fresh);
        List<Product> newProducts = newProducts(fresh, categories, feeCodes);
        long seq = info.appended;
        Instant first = info.firstOrderDate;
        Instant last = info.lastOrderDate;
        for (Order o : fresh) {
            o.seq = ++seq;
            first = first == null || o.date.isBefore(first) ? o.date : first;
            last = last == null || o.date.isAfter(last) ? o.date : last;
        }
        // Customers and products first: an order is never stored before what it names.
        upsert(Customer.<Customer>mongoCollection(), newCustomers, c -> c.id);
        upsert(Product.<Product>mongoCollection(), newProducts, p -> p.id);
        Order.<Order>mongoCollection().withWriteConcern(WriteConcern.MAJORITY).insertMany(fresh,
                new InsertManyOptions().ordered(true));

        info.appended = seq;
        info.orders += fresh.size();
        info.customers += newCustomers.size();
        info.products += newProducts.size();
        info.firstOrderDate = first;
        info.lastOrderDate = last;
        LocalDate lastDay = last.atZone(ZoneOffset.UTC).toLocalDate();
        if (info.asOf == null || lastDay.isAfter(info.asOf)) {
            info.asOf = lastDay;
        }
        store.recordAppend(info);
        appended.fire(new OrdersAppended(info, fresh, newCustomers, newProducts));
        return new Result(fresh.size(), duplicates, info.orders, info.version);
    }

    /**
     * Counts in what an append cut off between its writes left (a kill, or MongoDB gone in between): orders numbered
     * after {@code info.appended} are stored and a retry finds them as duplicates, so they are counted here and the
     * next orders numbered after them; the customers and products such an append created are counted again. Done once
     * per process and dataset version, and again after a failed append (it reads every order). Appends are serialised
     * within a process only: on several replicas this cannot tell an interrupted append from one still being written.
     *
     * @return whether {@code info} changed
     */
    private static boolean reconcile(DatasetInfo info) {
        long customers = Customer.mongoCollection().countDocuments();
        long products = Product.mongoCollection().countDocuments();
        boolean changed = customers != info.customers || products != info.products;
        info.customers = customers;
        info.products = products;
        for (Order o : Order.<Order>mongoCollection().find(Filters.gt("seq", info.appended))) {
            info.appended = Math.max(info.appended, o.seq);
            info.orders++;
            info.firstOrderDate = info.firstOrderDate == null || o.date.isBefore(info.firstOrderDate) ? o.date
                    : info.firstOrderDate;
            info.lastOrderDate = info.lastOrderDate == null || o.date.isAfter(info.lastOrderDate) ? o.date
                    : info.lastOrderDate;
            LocalDate day = o.date.atZone(ZoneOffset.UTC).toLocalDate();
            info.asOf = info.asOf == null || day.isAfter(info.asOf) ? day : info.asOf;
            changed = true;
        }
        return changed;
    }

    private static List<Customer> newCustomers(List<Order> fresh) {
        Map<String, Customer> created = new LinkedHashMap<>();
        for (Order o : fresh) {
            created.computeIfAbsent(o.customerId, id -> {
                Customer c = new Customer();
                c.id = id;
                c.country = o.country;
                c.signupDate = o.date;
                return c;
            });
        }
        Customer.<Customer>mongoCollection().find(Filters.in("_id", created.keySet()))
                .forEach(c -> created.remove(c.id));
        return new ArrayList<>(created.values());
    }

    private static List<Product> newProducts(List<Order> fresh, Map<String, String> categories,
            Set<String> feeCodes) {
        Map<String, Product> created = new LinkedHashMap<>();
        for (Order o : fresh) {
            for (OrderLine line : o.lines) {
                created.computeIfAbsent(line.productId, id -> {
                    Product p = new Product();
                    p.id = id;
                    p.name = line.productName;
                    p.category = categories.get(id);
                    p.price = line.unitPrice;
                    p.fee = feeCodes.contains(id.toUpperCase(java.util.Locale.ROOT));
                    return p;
                });
            }
        }
        Product.<Product>mongoCollection().find(Filters.in("_id", created.keySet()))
                .forEach(p -> created.remove(p.id));
        return new ArrayList<>(created.values());
    }

    /** By id, so that a retry after a crash between these writes and the orders' finds them in place. */
    private static <T> void upsert(MongoCollection<T> collection, List<T> documents,
            java.util.function.Function<T, String> id) {
        for (T document : documents) {
            collection.withWriteConcern(WriteConcern.MAJORITY).replaceOne(Filters.eq("_id", id.apply(document)),
                    document, new ReplaceOptions().upsert(true));
        }
    }

    static boolean sameContent(Order a, Order b) {
        if (!Objects.equals(a.customerId, b.customerId) || !Objects.equals(a.date, b.date)
                || !Objects.equals(blankToNull(a.country), blankToNull(b.country))
                || !Objects.equals(blankToNull(a.promoCode), blankToNull(b.promoCode))
                || !sameAmount(a.discount, b.discount)) {
            return false;
        }
        List<OrderLine> x = a.lines == null ? List.of() : a.lines;
        List<OrderLine> y = b.lines == null ? List.of() : b.lines;
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            OrderLine l = x.get(i);
            OrderLine m = y.get(i);
            if (!Objects.equals(l.productId, m.productId) || l.quantity != m.quantity
                    || !sameAmount(l.unitPrice, m.unitPrice)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        BigDecimal x = a == null ? BigDecimal.ZERO : a;
        BigDecimal y = b == null ? BigDecimal.ZERO : b;
        return x.compareTo(y) == 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
