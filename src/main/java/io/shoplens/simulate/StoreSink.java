package io.shoplens.simulate;

import java.util.function.LongConsumer;

import com.mongodb.client.MongoCollection;

import io.shoplens.store.BulkLoader;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Product;

/** Streams a simulation into four collections through a {@link BulkLoader}. */
public final class StoreSink implements ShopSimulator.Sink {
    private final BulkLoader.Writer<Product> products;
    private final BulkLoader.Writer<Customer> customers;
    private final BulkLoader.Writer<CustomerTruth> truth;
    private final BulkLoader.Writer<Order> orders;
    private final LongConsumer salesAdded;

    /**
     * {@code salesAdded} hears of each sales order as it is handed to the loader: the progress is counted against the
     * planned sales orders, and counting the written documents, returns among them, went past it.
     */
    public StoreSink(BulkLoader loader, MongoCollection<Product> products, MongoCollection<Customer> customers,
            MongoCollection<CustomerTruth> truth, MongoCollection<Order> orders, LongConsumer salesAdded) {
        LongConsumer ignore = n -> {
        };
        this.products = loader.writer(products, ignore);
        this.customers = loader.writer(customers, ignore);
        this.truth = loader.writer(truth, ignore);
        this.orders = loader.writer(orders, ignore);
        this.salesAdded = salesAdded;
    }

    @Override
    public void product(Product product) {
        products.add(product);
    }

    @Override
    public void customer(Customer customer, CustomerTruth t) {
        customers.add(customer);
        truth.add(t);
    }

    @Override
    public void order(Order order) {
        orders.add(order);
        if (order.sells()) {
            salesAdded.accept(1);
        }
    }

    /** Hands the last partial batches over; then wait with {@link BulkLoader#finish()}. */
    public void flush() {
        products.flush();
        customers.flush();
        truth.flush();
        orders.flush();
    }
}
