package io.shoplens.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.shoplens.clv.ClvDecomposition;
import io.shoplens.clv.ClvQuality;
import io.shoplens.clv.ClvSummary;
import io.shoplens.lifetimes.PurchaseModel;
import io.shoplens.store.Persona;

/**
 * Lifetime-value holdout check on the medium preset: order days predicted in the holdout window by the purchase model
 * fitted before it, against the actual ones, for each purchase model (BG/NBD, MBG/NBD) on plain days and on the
 * seasonal clock, and each holdout length, on the same simulated shops (one per seed). BG/NBD on plain days is the
 * analysis before issue 13's fix. The configured analysis (shoplens.clv.*) is printed in detail.
 *
 * <p>-Dcustomers (10,000), -Dorders (200,000), -DfirstSeed (1), -Dseeds (6: seeds firstSeed..firstSeed+5),
 * -Dholdouts (180,365), -Dpersona (a diagnostic: every customer of that one persona, e.g. REGULAR, instead of the
 * default mix), -Ddecompose=true (a diagnostic: {@link ClvDecomposition}'s steps for each seed and holdout, and a
 * table of them).
 */
final class ClvBench {
    private ClvBench() {
    }

    private record Variant(String name, PurchaseModel model, boolean seasonal) {
    }

    private static final List<Variant> VARIANTS = List.of(new Variant("BG/NBD, days (before)", PurchaseModel.BGNBD,
            false), new Variant("MBG/NBD, days", PurchaseModel.MBGNBD, false),
            new Variant("BG/NBD, seasonal", PurchaseModel.BGNBD, true),
            new Variant("MBG/NBD, seasonal", PurchaseModel.MBGNBD, true));

    static void run(String[] args) {
        int customers = Integer.getInteger("customers", 10_000);
        long orders = Long.getLong("orders", 200_000L);
        long firstSeed = Long.getLong("firstSeed", 1);
        int seeds = Integer.getInteger("seeds", 6);
        int[] holdouts = Arrays.stream(System.getProperty("holdouts", "180,365").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        // ratio[variant][holdout][seed]
        double[][][] ratios = new double[VARIANTS.size()][holdouts.length][seeds];
        List<String> details = new ArrayList<>();
        boolean decompose = Boolean.getBoolean("decompose");
        // steps[holdout][seed]
        List<List<List<ClvDecomposition.Step>>> steps = new ArrayList<>();
        for (int h = 0; h < holdouts.length; h++) {
            steps.add(new ArrayList<>());
        }
        for (int k = 0; k < seeds; k++) {
            long seed = firstSeed + k;
            String persona = System.getProperty("persona");
            ClvQuality.Simulated shop = persona == null ? ClvQuality.simulate(customers, orders, seed)
                    : ClvQuality.simulate(customers, orders, seed, Map.of(Persona.valueOf(persona), 1.0));
            ClvSummary configured = ClvQuality.analyse(shop.frame());
            print(customers, seed, configured, shop);
            for (int h = 0; h < holdouts.length; h++) {
                for (boolean seasonal : new boolean[] { false, true }) {
                    double[] ll = ClvQuality.calibrationLogLikelihoods(shop.frame(), seasonal, holdouts[h]);
                    details.add(String.format("seed %d, %d days, %s: calibration log-likelihood per customer BG/NBD"
                            + " %.5f, MBG/NBD %.5f", seed, holdouts[h], seasonal ? "seasonal" : "days", ll[0], ll[1]));
                }
                if (decompose) {
                    List<ClvDecomposition.Step> found = ClvDecomposition.of(shop.settings(), shop.truth(),
                            shop.frame(), holdouts[h]);
                    steps.get(h).add(found);
                    for (ClvDecomposition.Step step : found) {
                        details.add(String.format("seed %d, %d days, DIAGNOSTIC %s: ratio %.3f", seed, holdouts[h],
                                step.name(), step.ratio()));
                    }
                }
                if (Boolean.getBoolean("diagnose")) {
                    ClvSummary.Holdout known = ClvQuality.holdoutKnowingTheSeason(shop.frame(), PurchaseModel.BGNBD,
                            holdouts[h]);
                    details.add(String.format("seed %d, %d days, DIAGNOSTIC BG/NBD with the calendar of all the data"
                            + " (holdout included, %.1f operational): ratio %.3f; indices %s", seed, holdouts[h],
                            known.operationalDays(), known.ratio(), known.timeScale().monthIndex().stream()
                                    .map(x -> String.format("%.2f", x)).toList()));
                }
                for (int v = 0; v < VARIANTS.size(); v++) {
                    Variant variant = VARIANTS.get(v);
                    ClvSummary s = ClvQuality.analyse(shop.frame(), variant.model(), variant.seasonal(), holdouts[h]);
                    ClvSummary.Holdout hd = s.holdout();
                    ratios[v][h][k] = hd.ratio();
                    ClvSummary.FrequencyRow none = hd.byFrequency().get(0);
                    ClvSummary.FrequencyRow once = hd.byFrequency().get(1);
                    details.add(String.format("seed %d, %d days, %s: 0 repeat order days predicted %,.0f, actual %,.0f;"
                            + " 1: predicted %,.0f, actual %,.0f", seed, hd.days(), variant.name(), none.predicted(),
                            none.actual(), once.predicted(), once.actual()));
                    details.add(String.format("seed %d, %d days from %s (%.1f operational), %s: predicted %,.0f,"
                            + " actual %,.0f, ratio %.3f | holdout fit r %.3f α %.2f a %.3f b %.3f"
                            + " (drop-out %.2f%%)", seed, hd.days(), hd.cutoff(), hd.operationalDays(), variant.name(),
                            hd.predictedOrders(), hd.actualOrders(), hd.ratio(), hd.params().r(), hd.params().alpha(),
                            hd.params().a(), hd.params().b(),
                            100 * hd.params().a() / (hd.params().a() + hd.params().b())));
                }
            }
        }
        details.forEach(System.out::println);
        System.out.println();
        System.out.println("predicted / actual order days in the holdout, " + customers + " customers:");
        StringBuilder header = new StringBuilder("| variant | holdout |");
        for (int k = 0; k < seeds; k++) {
            header.append(" seed ").append(firstSeed + k).append(" |");
        }
        header.append(" worst |Δ| |");
        System.out.println(header);
        for (int h = 0; h < holdouts.length; h++) {
            for (int v = 0; v < VARIANTS.size(); v++) {
                System.out.println(row(VARIANTS.get(v).name(), holdouts[h], ratios[v][h]));
            }
        }
        if (decompose) {
            System.out.println();
            System.out.println("DIAGNOSTIC, one departure from BG/NBD's story taken away at a time:");
            System.out.println(header);
            for (int h = 0; h < holdouts.length; h++) {
                for (int k = 0; k < steps.get(h).get(0).size(); k++) {
                    int step = k;
                    System.out.println(row(steps.get(h).get(0).get(k).name(), holdouts[h], steps.get(h).stream()
                            .mapToDouble(seedSteps -> seedSteps.get(step).ratio()).toArray()));
                }
            }
        }
    }

    /** A table row: the name, the holdout, each seed's predicted / actual and the worst |Δ|. */
    private static String row(String name, int holdout, double[] ratios) {
        StringBuilder row = new StringBuilder("| " + name + " | " + holdout + " |");
        double worst = 0;
        for (double ratio : ratios) {
            row.append(String.format(" %.3f |", ratio));
            worst = Math.max(worst, Math.abs(ratio - 1));
        }
        return row.append(String.format(" %.1f%% |", 100 * worst)).toString();
    }

    private static void print(int customers, long seed, ClvSummary s, ClvQuality.Simulated shop) {
        ClvSummary.Holdout h = s.holdout();
        System.out.printf("%,d customers, seed %d, configured (%s, %s): holdout %d days from %s, %,d customers"
                + " | predicted %,.0f | actual %,.0f | ratio %.3f | fits %.2f s on %,d customers, analysis %.2f s"
                + " | r %.3f α %.2f a %.3f b %.3f p %.2f q %.2f v %.2f | total CLV 12m %s%n", customers, seed,
                s.purchaseModel(), s.timeScale().seasonal() ? "seasonal" : "plain days", h.days(), h.cutoff(),
                h.customers(), h.predictedOrders(), h.actualOrders(), h.ratio(), s.fitSeconds(), s.fitCustomers(),
                s.computeSeconds(), s.params().r(), s.params().alpha(), s.params().a(), s.params().b(),
                s.params().p(), s.params().q(), s.params().v(), s.totalClv12m());
        for (ClvSummary.FrequencyRow row : h.byFrequency()) {
            System.out.printf("    %s repeat order days: %,d customers, predicted %,.0f, actual %,.0f%n",
                    row.label(), row.customers(), row.predicted(), row.actual());
        }
        System.out.printf("    holdout calendar: %s; month indices %s; weekday indices %s%n", h.timeScale().note(),
                format(h.timeScale().monthIndex()), format(h.timeScale().weekdayIndex()));
        System.out.printf("    fitted: %.1f order days a year while alive, drop-out %.2f%% per order day | truth:"
                + " %.1f orders a year, drop-out %.2f%% per order, %.1f%% dropped at their first order;"
                + " %.1f%% of orders on a day the customer had already ordered%n", s.params().meanOrdersPerYear(),
                100 * s.params().meanDropOutChance(), shop.truthOrdersPerYear(), 100 * shop.truthDropOutChance(),
                100 * shop.droppedAtFirstOrder(), 100 * shop.sameDayShare());
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).toList().toString();
    }
}
