package io.shoplens.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
