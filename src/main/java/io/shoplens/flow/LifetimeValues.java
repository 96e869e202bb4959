package io.shoplens.flow;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.shoplens.churn.CustomerValues;
import io.shoplens.clv.ClvService;
import io.shoplens.frame.OrderFrame;

/**
 * Hands the lifetime values to the churn scoring, which runs on its own schedule: the frame's values are computed
 * here if the flow's background step has not done so yet (the service computes a version once), so that revenue at
 * risk always uses the values of the very frame the churn model scored.
 */
@ApplicationScoped
class LifetimeValues implements CustomerValues {
    private static final Logger LOG = Logger.getLogger(LifetimeValues.class);

    @Inject
    ClvService clv;

    @Override
    public Map<String, BigDecimal> expectedRevenue(OrderFrame frame) {
        try {
            clv.analyse(frame);
            return clv.clv12m(frame.version());
        } catch (RuntimeException e) {
            LOG.warnf("Dataset version %d: no lifetime values for the revenue at risk (%s); past spend is used",
                    frame.version(), e.getMessage());
            return Map.of();
        }
    }
}
