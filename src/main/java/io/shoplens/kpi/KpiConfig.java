package io.shoplens.kpi;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** KPI computation limits. */
@ConfigMapping(prefix = "shoplens.kpi")
public interface KpiConfig {

    /** Filter combinations whose reports are kept per dataset version; the least recently used goes beyond it. */
    @WithDefault("64")
    int cacheSize();

    /**
     * New filters computed at the same time (each uses up to two cores): more wait, and past {@link #queueWait} they
     * get 503 with Retry-After.
     */
    @WithDefault("2")
    int concurrentComputations();

    /** How long a new filter waits for a computation slot before it is answered 503. */
    @WithDefault("PT2S")
    Duration queueWait();
}
