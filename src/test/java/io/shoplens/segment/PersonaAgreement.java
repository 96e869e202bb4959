package io.shoplens.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoplens.simulate.ShopSimulator;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerBehaviour;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Persona;
import io.shoplens.store.Product;
import io.shoplens.testing.PlainBehaviours;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Measures how often the persona rules name the persona the simulator gave, without a database. */
public final class PersonaAgreement {
    private PersonaAgreement() {
    }

    static SegmentConfig defaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SegmentConfig.class).build();
        return config.getConfigMapping(SegmentConfig.class);
    }

    public static double measure(int customers, long orders, long seed, long[][] matrix) {
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        SimulationSettings settings = new SimulationSettings(null, customers, 200, orders, seed, 730, asOf,
                SimulationSettings.DEFAULT_MIX);
        List<Order> all = new ArrayList<>();
        Map<String, Persona> truth = new HashMap<>();
        new ShopSimulator(settings).run(new ShopSimulator.Sink() {
            @Override
            public void product(Product product) {
            }

            @Override
            public void customer(Customer customer, CustomerTruth t) {
                truth.put(t.id, t.persona);
            }

            @Override
            public void order(Order order) {
                all.add(order);
            }
        });
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CustomerBehaviour> behaviours = PlainBehaviours.before(all, end);
        PersonaRules rules = new PersonaRules(defaults(), end, behaviours);
        long agreed = 0;
        for (CustomerBehaviour b : behaviours) {
            Persona guess = rules.classify(b);
            Persona actual = truth.get(b.customerId());
            matrix[guess.ordinal()][actual.ordinal()]++;
            agreed += guess == actual ? 1 : 0;
        }
        return (double) agreed / behaviours.size();
    }

}
