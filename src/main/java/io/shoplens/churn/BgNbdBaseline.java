package io.shoplens.churn;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.lifetimes.BgNbd;

/**
 * The textbook probabilistic answer to the same question, for comparison with the forest's calibration: BG/NBD fitted
 * on the training snapshot's histories as of its cutoff, then P(no order in H) for the evaluation snapshot's customers
 * as of theirs. x = orders − 1, tx = days from the first to the last order, T = days from the first order to the
 * cutoff, in whole days.
 */
final class BgNbdBaseline {
    private static final Logger LOG = Logger.getLogger(BgNbdBaseline.class);
    private static final double DAY_MILLIS = 86_400_000.0;

    private BgNbdBaseline() {
    }

    /** Empty when the model cannot be fitted (too few or degenerate histories); the card then has no BG/NBD. */
    static Optional<double[]> noOrderProbability(Snapshot train, Snapshot evaluation, int horizon) {
        try {
            return Optional.of(noOrderProbability(fit(train), evaluation, horizon));
        } catch (RuntimeException e) {
            LOG.warnf("BG/NBD not fitted on the training snapshot, so no BG/NBD comparison or stacked map: %s",
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** At most the rows a forest is fitted on, which bounds BG/NBD's time at large sizes as the forest's. */
    static Snapshot rows(Snapshot snapshot, ChurnConfig.Forest forest) {
        return forest.maxTrainingRows() > 0 ? snapshot.sample(forest.maxTrainingRows(), forest.seed()) : snapshot;
    }

    /** P(no order in {@code horizon} days) for each of the snapshot's customers as of its cutoff. */
    static double[] noOrderProbability(BgNbd.Params params, Snapshot snapshot, int horizon) {
        double[] p = new double[snapshot.size()];
        for (int i = 0; i < p.length; i++) {
            double[] h = history(snapshot.customers().get(i), snapshot.cutoff());
            p[i] = BgNbd.probabilityNoPurchase(params, horizon, h[0], h[1], h[2]);
        }
        return p;
    }

    static BgNbd.Params fit(Snapshot snapshot) {
        double[][] h = snapshot.customers().stream().map(c -> history(c, snapshot.cutoff())).toArray(double[][]::new);
        return BgNbd.fitDistinct(column(h, 0), column(h, 1), column(h, 2), 0);
    }

    private static double[] history(CustomerBehaviour c, Instant cutoff) {
        double x = c.orders() - 1;
        double tx = x == 0 ? 0 : days(c.firstOrder(), c.lastOrder());
        return new double[] { x, tx, Math.max(tx, days(c.firstOrder(), cutoff)) };
    }

    private static double days(Instant from, Instant to) {
        return Math.floor((to.toEpochMilli() - from.toEpochMilli()) / DAY_MILLIS);
    }

    private static double[] column(double[][] rows, int j) {
        return Arrays.stream(rows).mapToDouble(r -> r[j]).toArray();
    }
}
