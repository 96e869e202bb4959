package io.shoplens.simulate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.shoplens.common.Threads;
import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;
import io.shoplens.store.BulkLoader;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetJobRunner;
import io.shoplens.store.DatasetJobs;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Persona;

/** Turns a generation request into a new dataset: validated, simulated, streamed into staging, then swapped in. */
@ApplicationScoped
public class DatasetGenerator {
    private static final Logger LOG = Logger.getLogger(DatasetGenerator.class);
    static final String JOB_KIND = "generation";
    /** Shops up to this many customers are calibrated on the request thread to check that they have orders. */
    static final int CHECKED_UP_FRONT = 1000;

    @Inject
    SimulateConfig config;
    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    DatasetJobRunner runner;
    @Inject
    Clock clock;

    private final ExecutorService worker = Threads.single("shoplens-generator");

    void generateWhenEmpty(@Observes StartupEvent event) {
        if (config.generateWhenEmpty() && store.current().isEmpty()) {
            LOG.infof("Empty database: generating the '%s' preset", config.initialPreset());
            start(settings(GenerationRequest.preset(config.initialPreset())));
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Validates a request against the configured limits, reporting every bad field at once. */
    public SimulationSettings settings(GenerationRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Preset preset = null;
        if (request.preset() != null) {
            preset = Preset.byId(request.preset()).orElse(null);
            if (preset == null) {
                errors.add(new FieldError("preset", "unknown preset " + Quote.of(request.preset()) + "; use one of "
                        + Arrays.stream(Preset.values()).map(Preset::id).collect(Collectors.joining(", "))));
            }
        }
        Preset base = preset != null ? preset : Preset.CLASSIC;
        SimulateConfig.Limits limits = config.limits();
        int customers = checkRange(errors, "customers", request.customers(), base.customers, limits.maxCustomers());
        int products = checkRange(errors, "products", request.products(), base.products, limits.maxProducts());
        long orders = checkRange(errors, "orders", request.orders(), base.orders, limits.maxOrders());
        int days = checkRange(errors, "days", request.days(), config.days(), limits.maxDays());
        // Yesterday is the last whole day, so that a default simulation has no orders later than now.
        LocalDate asOf = LocalDate.now(clock).minusDays(1);
        if (request.asOf() != null) {
            try {
                asOf = LocalDate.parse(request.asOf().trim());
                LocalDate earliest = limits.earliestAsOf();
                LocalDate latest = LocalDate.now(clock).plus(limits.latestAsOfAhead());
                if (asOf.isBefore(earliest) || asOf.isAfter(latest)) {
                    errors.add(new FieldError("asOf", "must be between " + earliest + " and " + latest + ", was "
                            + asOf + " (shoplens.simulate.limits.earliest-as-of and latest-as-of-ahead)"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("asOf", Quote.of(request.asOf()) + " is not an ISO date such as 2025-12-31"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean explicit = request.customers() != null || request.products() != null || request.orders() != null;
        String presetName = explicit ? null : base.id();
        long seed = request.seed() != null ? request.seed() : config.seed();
        return new SimulationSettings(presetName, customers, products, orders, seed, days, asOf, mix(),
                config.returnRate());
    }

    /** Starts a generation in the background; at most one dataset job runs at a time. */
    public DatasetJobs.JobStatus start(SimulationSettings settings) {
        // Calibrating a small shop takes milliseconds, so one that would have no orders is refused before anything
        // starts; larger shops do not come out empty, and the runner would refuse an empty dataset anyway.
        if (settings.customers() <= CHECKED_UP_FRONT && new ShopSimulator(settings).plannedOrders() == 0) {
            throw new ValidationException("customers", settings.customers() + " customer"
                    + (settings.customers() == 1 ? "" : "s") + " over " + settings.days() + " days simulate no"
                    + " orders at all; ask for more customers or more days");
        }
        DatasetJobs.Job job = runner.begin(JOB_KIND);
        job.phase("calibrating", settings.orders());
        worker.execute(() -> {
            try {
                runner.run(job, (staging, running) -> generate(settings, staging, running));
            } catch (RuntimeException recorded) {
                // The runner logged it and recorded it for /api/dataset: the thread's own handler would print it again.
            }
        });
        return jobs.running().orElseThrow();
    }

    /** Simulates into the staging collections and describes the result; the runner swaps it in. */
    private DatasetInfo generate(SimulationSettings settings, DatasetStore.Staging staging, DatasetJobs.Job job)
            throws InterruptedException {
        Instant started = clock.instant();
        try (BulkLoader loader = new BulkLoader(config.batchSize())) {
            ShopSimulator simulator = new ShopSimulator(settings);
            job.phase("writing orders", simulator.plannedOrders());
            StoreSink sink = new StoreSink(loader, staging.products(), staging.customers(), staging.truth(),
                    staging.orders(), job::advance);
            SimulationResult result = simulator.run(sink);
            sink.flush();
            loader.finish();
            return describe(settings, result, started);
        }
    }

    private DatasetInfo describe(SimulationSettings settings, SimulationResult result, Instant started) {
        DatasetInfo info = new DatasetInfo();
        info.source = DatasetInfo.SIMULATED;
        info.seed = settings.seed();
        info.preset = settings.preset();
        info.days = settings.days();
        info.customers = result.customers();
        info.products = result.products();
        info.orders = result.orders();
        info.returns = result.returns();
        info.asOf = settings.asOf();
        info.firstOrderDate = result.firstOrder();
        info.lastOrderDate = result.lastOrder();
        info.generatedAt = clock.instant();
        info.durationMillis = Duration.between(started, info.generatedAt).toMillis();
        return info;
    }

    private Map<Persona, Double> mix() {
        return shares(config.mix());
    }

    static Map<Persona, Double> shares(SimulateConfig.Mix mix) {
        Map<Persona, Double> shares = new EnumMap<>(Persona.class);
        shares.put(Persona.VIP, mix.vip());
        shares.put(Persona.PROMO_ADDICT, mix.promoAddict());
        shares.put(Persona.REGULAR, mix.regular());
        shares.put(Persona.OCCASIONAL, mix.occasional());
        return shares;
    }

    private static int checkRange(List<FieldError> errors, String field, Integer value, int fallback, int max) {
        return (int) checkRange(errors, field, value == null ? null : value.longValue(), fallback, max);
    }

    private static long checkRange(List<FieldError> errors, String field, Long value, long fallback, long max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            errors.add(new FieldError(field, "must be between 1 and " + max + ", was " + value
                    + (value > max ? " (the limit is shoplens.simulate.limits.max-" + field + ")" : "")));
        }
        return value;
    }
}
