package io.shoplens.lifetimes;

/**
 * The two purchase models, for callers that choose one by configuration. Both have the parameters r, α, a, b with the
 * same meaning; they differ only in whether a customer can drop out at their first purchase.
 */
public enum PurchaseModel {
    /** Fader, Hardie and Lee (2005): drop-out only after a repeat purchase. */
    BGNBD("BG/NBD", false),
    /** Batislam, Denizel and Filiztekin (2007): drop-out after any purchase, the first one too. */
    MBGNBD("MBG/NBD", true);

    private final String label;
    private final boolean modified;

    PurchaseModel(String label, boolean modified) {
        this.label = label;
        this.modified = modified;
    }

    public String label() {
        return label;
    }

    public BgNbd.Params fitDistinct(double[] x, double[] tx, double[] T, double penalizer) {
        return BgNbd.fitDistinct(modified, x, tx, T, penalizer);
    }

    public double logLikelihood(BgNbd.Params p, double x, double tx, double T) {
        return BgNbd.logLikelihood(modified, p, x, tx, T);
    }

    public double pAlive(BgNbd.Params p, double x, double tx, double T) {
        return BgNbd.pAlive(modified, p, x, tx, T);
    }

    public double expectedPurchases(BgNbd.Params p, double t, double x, double tx, double T) {
        return BgNbd.expectedPurchases(modified, p, t, x, tx, T);
    }

    public double probabilityNoPurchase(BgNbd.Params p, double h, double x, double tx, double T) {
        return BgNbd.probabilityNoPurchase(modified, p, h, x, tx, T);
    }
}
