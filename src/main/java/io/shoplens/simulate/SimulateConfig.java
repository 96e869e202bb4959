package io.shoplens.simulate;

import java.time.LocalDate;
import java.time.Period;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Defaults and limits of the shop simulator. */
@ConfigMapping(prefix = "shoplens.simulate")
public interface SimulateConfig {

    /** Preset generated on the first start with an empty database. */
    @WithDefault("classic")
    String initialPreset();

    /** Whether an empty database gets the initial preset at start-up. */
    @WithDefault("true")
    boolean generateWhenEmpty();

    /** Seed used when a request gives none. */
    @WithDefault("42")
    long seed();

    /** Length of the simulated window in days, ending on the as-of date, when a request gives none. */
    @WithDefault("730")
    @Min(1)
    int days();

    /**
     * Chance that an order is partly or wholly returned, for an average customer; each persona has a multiplier
     * (promo addicts 1.6, VIPs 1.2, occasional buyers 1.0, regulars 0.7). 0 simulates a shop without returns.
     */
    @WithDefault("0.05")
    @DecimalMin("0")
    @DecimalMax("1")
    double returnRate();

    /** Documents per insertMany batch. */
    @WithDefault("5000")
    @Min(1)
    int batchSize();

    Limits limits();

    Live live();

    /** The live shop ({@code POST /api/live}): a simulated dataset going on after its as-of date. */
    interface Live {
        /**
         * New customers a simulated day at a calendar multiplier of 1; unset: the generated shop's own average
         * (its customers over its days).
         */
        java.util.Optional<@DecimalMin("0") Double> newCustomersPerDay();

        /** Fastest clock a request may ask for, in simulated days per real second. */
        @WithDefault("30")
        @DecimalMin("0")
        double maxSpeed();

        /** How often the running simulation moves its clock and appends what happened meanwhile. */
        @WithDefault("250ms")
        java.time.Duration tick();

        /** How long a replica's hold on the running simulation lasts unless renewed (it renews it every tick). */
        @WithDefault("PT15S")
        java.time.Duration leaseTtl();
    }

    Mix mix();

    /** Requests beyond these are refused with a 400, so that a typo cannot fill the disk. */
    interface Limits {
        @WithDefault("1000000")
        int maxCustomers();

        @WithDefault("100000")
        int maxProducts();

        @WithDefault("5000000")
        long maxOrders();

        @WithDefault("3650")
        int maxDays();

        /** Earliest as-of date: the dashboards chart months back from it, and year 1 breaks date arithmetic. */
        @WithDefault("1990-01-01")
        LocalDate earliestAsOf();

        /** How far after today the as-of date may lie (ISO-8601 period). */
        @WithDefault("P1Y")
        Period latestAsOfAhead();
    }

    /** Relative share of each persona among simulated customers. */
    interface Mix {
        @WithDefault("0.08")
        @DecimalMin("0")
        double vip();

        @WithName("promo-addict")
        @WithDefault("0.17")
        @DecimalMin("0")
        double promoAddict();

        @WithDefault("0.35")
        @DecimalMin("0")
        double regular();

        @WithDefault("0.40")
        @DecimalMin("0")
        double occasional();
    }
}
