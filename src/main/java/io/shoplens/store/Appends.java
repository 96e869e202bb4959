package io.shoplens.store;

import java.math.BigDecimal;
import java.time.LocalDate;
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
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;

import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;

/**
 * Writes orders appended to the current dataset version: idempotent by order id (an id stored with the same content
 * is a duplicate and not written again, with other content an error), creating the customers and products it does not
 * know, numbering the new orders in the version's append sequence, and only then recording them in
 * {@link DatasetInfo}. The insert is acknowledged by a majority of a replica set's members, so an order reported
 * accepted survives a crash of the app or of the primary. One append at a time: within a process by this bean's
 * lock, across replicas by {@link AppendLock}.
 */
@ApplicationScoped
public class Appends {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Appends.class);
    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    Event<OrdersAppended> appended;
    @Inject
    AppendLock lock;
    /** The dataset version whose interrupted appends this process has counted in; -1 until then and after a failure. */
    private long reconciledVersion = -1;

    /**
     * @param accepted orders written by this request
     * @param duplicates orders already stored with the same content (a retry), not written again
     * @param orders the dataset's sales orders after the append
     * @param returns of the accepted orders, those with returned lines (a CSV's cancellation invoices)
     */
    public record Result(int accepted, int duplicates, long orders, long version,
            @com.fasterxml.jackson.annotation.JsonIgnore int returns) {
    }

    /**
     * @param orders checked orders in request order, each with its request line (for errors) in {@code lines}
     * @param categories the category the request gave each product id, for the products it creates
     * @param feeCodes product ids (upper case) that are fees and adjustments
     */
    public synchronized Result append(List<Order> orders, List<Integer> lines, Map<String, String> categories,
            Set<String> feeCodes) {
        return guarded("orders can be appended once it is ready (GET /api/dataset shows its progress)",
                () -> write(orders, lines, categories, feeCodes, false));
    }

    /**
     * A CSV's orders in append mode: an invoice already stored is skipped (counted in {@code duplicates}) whatever
     * it holds, as a shop sends overlapping exports.
     */
    public synchronized Result appendSkippingStored(List<Order> orders, Set<String> feeCodes) {
        return guarded("orders can be appended once it is ready (GET /api/dataset shows its progress)",
                () -> write(orders, null, Map.of(), feeCodes, true));
    }

    /**
     * The live simulation's orders of one tick, with the profiles of the customers it brought in and the truth it
     * changed (new customers, drop-outs), which are written first; {@code asOf} is the simulation's clock day.
     */
    public synchronized Result appendSimulated(long version, List<Order> orders, List<Customer> profiles,
            List<CustomerTruth> truths, LocalDate asOf) {
        return guarded("the live shop stops", () -> {
            DatasetInfo info = DatasetInfo.findById(DatasetInfo.CURRENT);
            if (info == null || info.version != version) {
                throw new ConflictException("The dataset is no longer version " + version + "; the live shop stops.");
            }
            upsert(CustomerTruth.<CustomerTruth>mongoCollection(), truths, t -> t.id);
            Map<String, Customer> byId = new HashMap<>();
            profiles.forEach(c -> byId.put(c.id, c));
            // Stored ids are skipped whatever they hold: after a restart the day's orders come again, and an order
            // appended through the API under an id the shop reaches later must not stop it on every tick.
            Result result = write(orders, null, Map.of(), Set.of(), true, byId);
            if (asOf != null) {
                DatasetInfo now = DatasetInfo.findById(DatasetInfo.CURRENT);
                if (now != null && now.version == version && (now.asOf == null || asOf.isAfter(now.asOf))) {
                    now.asOf = asOf;
                    store.recordAppend(now);
                }
            }
            return result;
        });
    }

    /** Runs an append unless a dataset job is replacing the dataset, when it is a 409 that says {@code whenBusy}. */
    private Result guarded(String whenBusy, java.util.function.Supplier<Result> append) {
        if (!jobs.tryAppend()) {
            if (jobs.stopping()) {
                throw new JobStoppedException("orders not appended: the app is stopping", null);
            }
            throw new ConflictException("A dataset is being generated or imported; " + whenBusy + ".");
        }
        try {
            if (lock.acquire()) {
                reconciledVersion = -1; // the replica that held the lock died during an append
            }
        } catch (RuntimeException e) {
            jobs.appendDone();
            throw e;
        }
        try {
            return append.get();
        } catch (RuntimeException e) {
            reconciledVersion = -1; // it may have stopped between the orders' insert and their record
            throw e;
        } finally {
            try {
                lock.release();
            } catch (RuntimeException e) {
                LOG.warnf("The append lock was not freed (%s); other replicas wait until it expires (%d s)",
                        e.getMessage(), AppendLock.TTL.toSeconds());
            }
            jobs.appendDone();
        }
    }

    private Result write(List<Order> orders, List<Integer> lines, Map<String, String> categories,
            Set<String> feeCodes, boolean skipStored) {
        return write(orders, lines, categories, feeCodes, skipStored, Map.of());
    }

    private Result write(List<Order> orders, List<Integer> lines, Map<String, String> categories,
            Set<String> feeCodes, boolean skipStored, Map<String, Customer> profiles) {
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
                    conflicts.add(new FieldError(where(lines, i), "order " + o.id + " appears"
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
            } else if (skipStored || sameContent(old, o)) {
                duplicates++;
            } else {
                conflicts.add(new FieldError(where(lines, i), "order " + o.id + " is stored"
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
            return new Result(0, duplicates, info.orders, info.version, 0);
        }

        List<Customer> newCustomers = newCustomers(fresh, profiles);
        List<Product> newProducts = newProducts(fresh, categories, feeCodes);
        long seq = info.appended;
        for (Order o : fresh) {
            o.seq = ++seq;
        }
        // Customers and products first: an order is never stored before what it names.
        upsert(Customer.<Customer>mongoCollection(), newCustomers, c -> c.id);
        upsert(Product.<Product>mongoCollection(), newProducts, p -> p.id);
        Order.<Order>mongoCollection().withWriteConcern(WriteConcern.MAJORITY).insertMany(fresh,
                new InsertManyOptions().ordered(true));

        long returnsBefore = info.returns;
        fresh.forEach(info::countIn);
        int returns = (int) (info.returns - returnsBefore);
        info.customers += newCustomers.size();
        info.products += newProducts.size();
        store.recordAppend(info);
        appended.fire(new OrdersAppended(info, fresh, newCustomers, newProducts));
        return new Result(fresh.size(), duplicates, info.orders, info.version, returns);
    }

    /**
     * Counts in what an append cut off between its writes left (a kill, or MongoDB gone in between): orders numbered
     * after {@code info.appended} are stored and a retry finds them as duplicates, so they are counted here and the
     * next orders numbered after them; the customers and products such an append created are counted again. Done once
     * per process and dataset version, again after a failed append, and after taking the lock over from a replica
     * that died holding it (it reads every order). No other append is being written meanwhile: the lock is held.
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
            info.countIn(o);
            changed = true;
        }
        return changed;
    }

    private static List<Customer> newCustomers(List<Order> fresh, Map<String, Customer> profiles) {
        Map<String, Customer> created = new LinkedHashMap<>();
        for (Order o : fresh) {
            created.computeIfAbsent(o.customerId, id -> profiles.containsKey(id) ? profiles.get(id) : bare(o));
        }
        Customer.<Customer>mongoCollection().find(Filters.in("_id", created.keySet()))
                .forEach(c -> created.remove(c.id));
        return new ArrayList<>(created.values());
    }

    /** A customer the orders name and nobody described: country and sign-up from their first order. */
    private static Customer bare(Order o) {
        Customer c = new Customer();
        c.id = o.customerId;
        c.country = o.country;
        c.signupDate = o.date;
        return c;
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

    /**
     * By id, so that a retry after a crash between these writes and the orders' finds them in place. One bulk write
     * per collection, not a round trip per document: for the 65–75 new customers and products of a 500-order batch
     * in bench/append-load.sh that took 86 ms at the median (mean 167 ms) against 10 ms (mean 18 ms) in bulk.
     */
    private static <T> void upsert(MongoCollection<T> collection, List<T> documents,
            java.util.function.Function<T, String> id) {
        if (documents.isEmpty()) {
            return;
        }
        List<WriteModel<T>> writes = new ArrayList<>(documents.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (T document : documents) {
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id.apply(document)), document, upsert));
        }
        collection.withWriteConcern(WriteConcern.MAJORITY).bulkWrite(writes, new BulkWriteOptions().ordered(true));
    }

    private static String where(List<Integer> lines, int i) {
        return (lines == null ? "order " + (i + 1) : "line " + lines.get(i)) + " (id)";
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
