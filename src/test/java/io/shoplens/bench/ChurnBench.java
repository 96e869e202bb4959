package io.shoplens.bench;

import io.shoplens.churn.ChurnQuality;

/**
 * Churn model quality on the medium preset for three seeds: our out-of-time ROC AUC next to the recency baseline, the
 * oracle and the ceiling of any model of the order history, and the forest's training time.
 */
final class ChurnBench {
    private ChurnBench() {
    }

    static void run(String[] args) {
        int customers = Integer.getInteger("customers", 10_000);
        long orders = Long.getLong("orders", 200_000L);
        int seeds = Integer.getInteger("seeds", 3);
        for (long seed = 1; seed <= seeds; seed++) {
            ChurnQuality.Result r = ChurnQuality.measure(customers, orders, seed);
            System.out.printf("%,d customers, seed %d: ROC AUC %.3f | recency %.3f | oracle %.3f | ours/oracle %.3f"
                    + " | history ceiling %.3f (%.3f of the oracle), ours/ceiling %.3f | churn rate %.3f"
                    + " | train %,d / eval %,d rows | forest trained in %,d ms%n", customers, seed, r.rocAuc(),
                    r.recencyAuc(), r.oracleAuc(), r.rocAuc() / r.oracleAuc(), r.historyCeilingAuc(),
                    r.historyCeilingAuc() / r.oracleAuc(), r.rocAuc() / r.historyCeilingAuc(), r.baseRate(),
                    r.trainSize(), r.evalSize(), r.trainMillis());
        }
    }
}
