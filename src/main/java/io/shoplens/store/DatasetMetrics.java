package io.shoplens.store;

import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/** The served dataset's size as Prometheus gauges; NaN while the database cannot be read. */
@ApplicationScoped
class DatasetMetrics {
    @Inject
    DatasetStore store;

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        gauge(registry, "shoplens.dataset.orders", "Orders in the served dataset", d -> d.orders);
        gauge(registry, "shoplens.dataset.customers", "Customers in the served dataset", d -> d.customers);
        gauge(registry, "shoplens.dataset.products", "Products in the served dataset", d -> d.products);
        gauge(registry, "shoplens.dataset.version", "Version of the served dataset", d -> d.version);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<DatasetInfo> value) {
        Gauge.builder(name, store, s -> {
            try {
                return s.current().map(value::applyAsDouble).orElse(0.0);
            } catch (RuntimeException databaseDown) {
                return Double.NaN;
            }
        }).description(description).register(registry);
    }
}
