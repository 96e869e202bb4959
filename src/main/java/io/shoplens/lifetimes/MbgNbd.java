package io.shoplens.lifetimes;

/**
 * The MBG/NBD model (Batislam, Denizel and Filiztekin 2007, "Empirical validation and comparison of models for
 * customer base analysis"; lifetimes' {@code ModifiedBetaGeoFitter}): BG/NBD's story, except that a customer may drop
 * out right after every purchase, the first one included, where BG/NBD lets them drop out only after a repeat
 * purchase. So a customer who never bought again is not alive for sure: the longer the silence, the likelier they left
 * at their first purchase. While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
 * purchase they leave for good with chance p ~ Beta(a, b). Histories (x, tx, T) and parameters are as in
 * {@link BgNbd}, whose {@link BgNbd.Params} this shares.
 *
 * <p>For one customer with λ and p, the history has two ways to happen: still alive at T after x + 1 survived
 * chances, λ^x e^(−λT) (1 − p)^(x+1), or dropped out right after the purchase at tx, λ^x e^(−λ·tx) p (1 − p)^x.
 * Averaged over the Gamma and the Beta: L = Γ(r + x) α^r / Γ(r) · B(a, b + x + 1) / B(a, b) · [(α + T)^−(r+x) +
 * a / (b + x) · (α + tx)^−(r+x)].
 */
public final class MbgNbd {
    private MbgNbd() {
    }

    /** Maximum-likelihood fit with every customer weighted 1 and no penalizer. */
    public static BgNbd.Params fit(double[] x, double[] tx, double[] T) {
        return BgNbd.fit(true, x, tx, T, null, 0);
    }

    /** As {@link BgNbd#fit(double[], double[], double[], double[], double)}, for this model. */
    public static BgNbd.Params fit(double[] x, double[] tx, double[] T, double[] weights, double penalizer) {
        return BgNbd.fit(true, x, tx, T, weights, penalizer);
    }

    /** As {@link BgNbd#fitDistinct}, for this model. */
    public static BgNbd.Params fitDistinct(double[] x, double[] tx, double[] T, double penalizer) {
        return BgNbd.fitDistinct(true, x, tx, T, penalizer);
    }

    /** Log-likelihood of one customer's history. */
    public static double logLikelihood(BgNbd.Params p, double x, double tx, double T) {
        return BgNbd.logLikelihood(true, p, x, tx, T);
    }

    /** Sum of the customers' log-likelihoods. */
    public static double logLikelihood(BgNbd.Params p, double[] x, double[] tx, double[] T) {
        return BgNbd.logLikelihood(true, p, x, tx, T);
    }

    /** P(still alive at T | x, tx, T) = 1 / (1 + a / (b + x) · ((α + T) / (α + tx))^(r + x)), below 1 for x = 0 too. */
    public static double pAlive(BgNbd.Params p, double x, double tx, double T) {
        return BgNbd.pAlive(true, p, x, tx, T);
    }

    /**
     * Expected purchases in (T, T + t] given (x, tx, T): (a + b + x) / (a − 1) · [1 − ((α + T) / (α + T + t))^(r+x) ·
     * ₂F₁(r + x, b + x + 1; a + b + x; t / (α + T + t))] · P(alive).
     */
    public static double expectedPurchases(BgNbd.Params p, double t, double x, double tx, double T) {
        return BgNbd.expectedPurchases(true, p, t, x, tx, T);
    }

    /** P(no purchase in (T, T + h] | x, tx, T) = 1 − P(alive) + P(alive) · ((α + T) / (α + T + h))^(r + x). */
    public static double probabilityNoPurchase(BgNbd.Params p, double h, double x, double tx, double T) {
        return BgNbd.probabilityNoPurchase(true, p, h, x, tx, T);
    }
}
