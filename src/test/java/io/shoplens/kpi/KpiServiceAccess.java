package io.shoplens.kpi;

import io.shoplens.frame.OrderFrame;

/** The KPI computation for benchmarks outside the package, without the CDI bean around it. */
public final class KpiServiceAccess {
    private KpiServiceAccess() {
    }

    public static KpiReport compute(OrderFrame frame, KpiFilter filter) {
        return KpiService.compute(frame, filter);
    }
}
