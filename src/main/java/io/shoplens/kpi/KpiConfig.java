package io.shoplens.kpi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** KPI caching. */
@ConfigMapping(prefix = "shoplens.kpi")
public interface KpiConfig {

    /** Filter combinations kept per dataset version; the least recently used is dropped beyond it. */
    @WithDefault("64")
    int cacheSize();
}
