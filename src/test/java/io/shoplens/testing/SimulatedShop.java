package io.shoplens.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shoplens.frame.FrameBuilder;
import io.shoplens.frame.OrderFrame;
import io.shoplens.simulate.ShopSimulator;
import io.shoplens.simulate.SimulationResult;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Product;

/** A whole (small enough) simulation collected in memory, for tests and benchmarks that need no database. */
public final class SimulatedShop implements ShopSimulator.Sink {
    public final List<Product> products = new ArrayList<>();
    public final List<Customer> customers = new ArrayList<>();
    public final Map<String, CustomerTruth> truth = new HashMap<>();
    public final List<Order> orders = new ArrayList<>();
    public SimulationResult result;

    public static SimulatedShop of(SimulationSettings settings) {
        SimulatedShop shop = new SimulatedShop();
        shop.result = new ShopSimulator(settings).run(shop);
        return shop;
    }

    /** The sales: every document with a total of zero or more. */
    public List<Order> sales() {
        return orders.stream().filter(o -> o.total.signum() >= 0).toList();
    }

    /** The returns: the simulator writes each as a document of its own, with negative quantities and total. */
    public List<Order> returns() {
        return orders.stream().filter(o -> o.total.signum() < 0).toList();
    }

    /** The shop as the analysis frame of dataset {@code version}, its data ending (exclusive) at {@code end}. */
    public OrderFrame frame(long version, Instant end) {
        FrameBuilder builder = new FrameBuilder(version, end, true);
        products.forEach(builder::product);
        customers.forEach(builder::customer);
        orders.forEach(builder::order);
        return builder.build();
    }

    @Override
    public void product(Product product) {
        products.add(product);
    }

    @Override
    public void customer(Customer customer, CustomerTruth t) {
        customers.add(customer);
        truth.put(t.id, t);
    }

    @Override
    public void order(Order order) {
        orders.add(order);
    }
}
