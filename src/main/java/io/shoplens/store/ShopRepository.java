package io.shoplens.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.MongoCursor;

/**
 * Reads the served dataset's collections for the analyses: whole collections in cursor batches (never one reply,
 * which the embedded server limits to 48 MB), and the simulation truth for the measurements against it.
 */
@ApplicationScoped
public class ShopRepository {
    private static final int BATCH = 10_000;

    public void forEachCustomer(Consumer<Customer> action) {
        forEach(Customer.<Customer>mongoCollection().find().batchSize(BATCH).cursor(), action);
    }

    public void forEachProduct(Consumer<Product> action) {
        forEach(Product.<Product>mongoCollection().find().batchSize(BATCH).cursor(), action);
    }

    public void forEachOrder(Consumer<Order> action) {
        forEach(Order.<Order>mongoCollection().find().batchSize(BATCH).cursor(), action);
    }

    /** Orders appended after append number {@code seq}, in sequence order. */
    public java.util.List<Order> ordersAppendedAfter(long seq) {
        return Order.<Order>mongoCollection().find(com.mongodb.client.model.Filters.gt("seq", seq))
                .sort(com.mongodb.client.model.Sorts.ascending("seq")).batchSize(BATCH)
                .into(new java.util.ArrayList<>());
    }

    public java.util.List<Customer> customers(java.util.Collection<String> ids) {
        return ids.isEmpty() ? java.util.List.of() : Customer.<Customer>mongoCollection()
                .find(com.mongodb.client.model.Filters.in("_id", ids)).into(new java.util.ArrayList<>());
    }

    public java.util.List<Product> products(java.util.Collection<String> ids) {
        return ids.isEmpty() ? java.util.List.of() : Product.<Product>mongoCollection()
                .find(com.mongodb.client.model.Filters.in("_id", ids)).into(new java.util.ArrayList<>());
    }

    /** The hidden truth by customer id; empty for imported data. */
    public Map<String, CustomerTruth> truth() {
        Map<String, CustomerTruth> truth = new HashMap<>();
        forEach(CustomerTruth.<CustomerTruth>mongoCollection().find().batchSize(BATCH).cursor(), t -> truth.put(t.id, t));
        return truth;
    }

    /** The truth of the customers {@code ids} that have one. */
    public java.util.List<CustomerTruth> truth(java.util.Collection<String> ids) {
        return ids.isEmpty() ? java.util.List.of() : CustomerTruth.<CustomerTruth>mongoCollection()
                .find(com.mongodb.client.model.Filters.in("_id", ids)).into(new java.util.ArrayList<>());
    }

    private static <T> void forEach(MongoCursor<T> cursor, Consumer<T> action) {
        try (cursor) {
            while (cursor.hasNext()) {
                action.accept(cursor.next());
            }
        }
    }
}
