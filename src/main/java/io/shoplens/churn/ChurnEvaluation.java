package io.shoplens.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.shoplens.churn.Metrics.ClassifierMetrics;
import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.store.CustomerTruth;

/**
 * How the evaluated forest did on the evaluation snapshot (out of time), beside the baselines, the simulator's oracle
 * and the seed's rule of thumb. Immutable; made once per training by {@link #of}.
 *
 * @param oracle null for imported data
 * @param ruleOnEvaluation the rule "no order for more than N days" scored on the evaluation snapshot
 * @param calibrator fitted on all of the evaluated forest's out-of-time predictions, for the served forest: it is
 *     trained one horizon later on the same recipe, and no later labels exist to calibrate it on; none when the
 *     stacked map is served
 * @param stacked the stacked map fitted on all of them, without BG/NBD's parameters (the scorer fits those on the
 *     scoring snapshot); null unless it is served
 */
record ChurnEvaluation(ClassifierMetrics metrics, ModelCard.Baselines baselines, ModelCard.Oracle oracle,
        List<ModelCard.FeatureImportance> importance, ModelCard.Curves curves,
        Metrics.ConfusionMatrix ruleOnEvaluation, ModelCard.Calibration calibration, Calibrator calibrator,
        StackedCalibrator stacked) {
    /** Customers a reliability bin should hold at least: fewer make its observed rate mostly noise. */
    private static final int RELIABILITY_BIN_ROWS = 25;
    private static final int CURVE_POINTS = 60;
    /** Rows the permutation importance is measured on; enough for a stable ranking, cheap to predict. */
    private static final int IMPORTANCE_SAMPLE = 2000;

    static ChurnEvaluation of(Model<Label> evaluated, ChurnTrainer.Snapshots s, Map<String, CustomerTruth> truth,
            ChurnConfig config) {
        Snapshot eval = s.evaluation();
        int bins = Math.max(3, Math.min(10, eval.size() / RELIABILITY_BIN_ROWS));
        CompiledForest forest = CompiledForest.of(evaluated, s.featureNames());
        double[] p = forest.predict(eval.features());
        boolean[] y = eval.churned();
        long seed = config.forest().seed();
        double[] calibrated = Calibrator.crossFitted(p, y, config.isotonicFromRows(), seed);
        double[] noOrder = BgNbdBaseline.noOrderProbability(BgNbdBaseline.rows(s.train(), config.forest()), eval,
                s.horizon()).orElse(null);
        double[] stacked = noOrder == null ? null : StackedCalibrator.crossFitted(p, noOrder, y, seed);
        // On a hundred customers each half's map is mostly noise and can make the probabilities worse: a map is
        // served only when it lowered the Brier score out of time. BG/NBD alone fits nothing on these labels, so its
        // score here is as out of time as the maps' cross-fitted ones.
        Served choice = choose(Metrics.brier(p, y), Metrics.brier(calibrated, y),
                stacked == null ? null : Metrics.brier(stacked, y), noOrder == null ? null : Metrics.brier(noOrder, y));
        double[] served = switch (choice) {
            case RAW -> p;
            case CALIBRATED -> calibrated;
            case STACKED -> stacked;
            case BG_NBD -> noOrder;
        };
        ClassifierMetrics metrics = metrics(p, served, y, config.threshold());

        double[] recency = eval.recency();
        ModelCard.Baseline recencyBaseline = new ModelCard.Baseline(Metrics.rocAuc(recency, y),
                Metrics.prAuc(recency, y), null, Metrics.topDecileLift(recency, y));
        double[] constant = new double[y.length];
        Arrays.fill(constant, s.train().baseRate());
        ModelCard.Baseline baseRateModel = new ModelCard.Baseline(0.5, eval.baseRate(), Metrics.brier(constant, y),
                1.0);

        double[] oracleScores = truth.isEmpty() ? null : oracle(eval, s.horizon(), truth);
        ModelCard.Oracle oracle = null;
        if (oracleScores != null) {
            double[] ceiling = historyCeiling(eval, s.horizon(), truth);
            double ceilingAuc = Metrics.rocAuc(ceiling, y);
            oracle = new ModelCard.Oracle(Metrics.rocAuc(oracleScores, y), Metrics.prAuc(oracleScores, y),
                    Metrics.brier(oracleScores, y), metrics.rocAuc() / Metrics.rocAuc(oracleScores, y),
                    new ModelCard.HistoryCeiling(ceilingAuc, Metrics.brier(ceiling, y), metrics.rocAuc() / ceilingAuc));
        }

        Calibrator calibrator = choice == Served.CALIBRATED ? Calibrator.fit(p, y, config.isotonicFromRows())
                : Calibrator.none();
        StackedCalibrator stackedMap = switch (choice) {
            case STACKED -> StackedCalibrator.fit(p, noOrder, y);
            case BG_NBD -> StackedCalibrator.BG_NBD_ALONE;
            default -> null;
        };
        String method = switch (choice) {
            case STACKED -> StackedCalibrator.STACKED;
            case BG_NBD -> StackedCalibrator.BG_NBD;
            default -> calibrator.method();
        };
        ModelCard.ProbabilityScore bgNbd = noOrder == null ? null : new ModelCard.ProbabilityScore(
                Metrics.rocAuc(noOrder, y), Metrics.brier(noOrder, y), Metrics.reliability(noOrder, y, bins));
        ModelCard.Calibration calibration = new ModelCard.Calibration(method, y.length, metrics.brier(),
                Metrics.brier(served, y), Metrics.brier(calibrated, y), Metrics.reliability(served, y, bins), bgNbd,
                stacked == null ? null : Metrics.brier(stacked, y), Metrics.rocAuc(served, y));

        List<ModelCard.FeatureImportance> importance = Forest.permutationImportance(forest, s.featureNames(),
                eval.sample(IMPORTANCE_SAMPLE, config.forest().seed()), Snapshot.BASE_FEATURES.size(),
                config.forest().seed());

        double[] ruleScores = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            ruleScores[i] = recency[i] > config.ruleDays() ? 1 : 0;
        }
        ModelCard.Curves curves = new ModelCard.Curves(Metrics.rocCurve(p, y, CURVE_POINTS),
                Metrics.rocCurve(recency, y, CURVE_POINTS),
                oracleScores == null ? List.of() : Metrics.rocCurve(oracleScores, y, CURVE_POINTS),
                Metrics.prCurve(p, y, CURVE_POINTS), Metrics.reliability(p, y, bins));
        return new ChurnEvaluation(metrics, new ModelCard.Baselines(recencyBaseline, eval.baseRate(), baseRateModel),
                oracle, importance, curves, Metrics.confusion(ruleScores, y, 0.5), calibration, calibrator,
                stackedMap);
    }

    /**
     * What is served: the forest's own probabilities, the calibration map's, the stacked map's, or BG/NBD's alone
     * (on the smallest shops a forest of a few dozen rows can be worse calibrated than BG/NBD's four parameters
     * however it is mapped).
     */
    enum Served {
        RAW, CALIBRATED, STACKED, BG_NBD
    }

    /**
     * The candidate with the lowest Brier score (the maps' cross-fitted), the forest's over BG/NBD's and the simpler
     * one on a tie; {@code stacked} and {@code bgNbd} are null when BG/NBD could not be fitted. Choosing among four
     * on the rows they were scored on makes the served figure slightly optimistic.
     */
    static Served choose(double raw, double calibrated, Double stacked, Double bgNbd) {
        Served best = calibrated < raw ? Served.CALIBRATED : Served.RAW;
        double lowest = Math.min(raw, calibrated);
        if (stacked != null && stacked < lowest) {
            best = Served.STACKED;
            lowest = stacked;
        }
        return bgNbd != null && bgNbd < lowest ? Served.BG_NBD : best;
    }

    /**
     * Ranking metrics (ROC and PR AUC, lift) and the Brier score of the forest's raw scores; the confusion matrix and
     * the rates read from it of the served probabilities, since the threshold applies to what is served.
     */
    private static ClassifierMetrics metrics(double[] raw, double[] served, boolean[] y, double threshold) {
        ClassifierMetrics ranking = Metrics.all(raw, y, threshold);
        Metrics.ConfusionMatrix cm = Metrics.confusion(served, y, threshold);
        return new ClassifierMetrics(ranking.rocAuc(), ranking.prAuc(), ranking.brier(), cm.accuracy(), cm.precision(),
                cm.recall(), cm.f1(), cm, ranking.topDecileLift());
    }

    /**
     * The simulator's truth as a score: a customer already dropped out at the cutoff surely churns; one still alive
     * places no order in H days with probability exp(−rate × H).
     */
    static double[] oracle(Snapshot snapshot, int horizon, Map<String, CustomerTruth> truth) {
        double[] scores = new double[snapshot.size()];
        for (int i = 0; i < scores.length; i++) {
            CustomerTruth t = truth.get(snapshot.customers().get(i).customerId());
            if (t == null) {
                scores[i] = 0.5;
            } else if (t.dropoutDate != null && t.dropoutDate.isBefore(snapshot.cutoff())) {
                scores[i] = 1.0;
            } else {
                scores[i] = Math.exp(-t.purchaseRatePerDay * horizon);
            }
        }
        return scores;
    }

    /**
     * The best a model of the order history could do on simulated data: it knows each customer's true purchase rate
     * λ and drop-out chance p, but not whether the drop-out has happened. A customer silent for r days is still alive
     * with P(alive) = (1 − p)·e^(−λr) / ((1 − p)·e^(−λr) + p) (alive after the last order and no order since, against
     * dropped out after it), and places no order in H days with 1 − P(alive)·(1 − e^(−λH)).
     */
    static double[] historyCeiling(Snapshot snapshot, int horizon, Map<String, CustomerTruth> truth) {
        double[] scores = new double[snapshot.size()];
        for (int i = 0; i < scores.length; i++) {
            CustomerBehaviour c = snapshot.customers().get(i);
            CustomerTruth t = truth.get(c.customerId());
            if (t == null) {
                scores[i] = 0.5;
                continue;
            }
            double stillSilent = (1 - t.dropoutProbability)
                    * Math.exp(-t.purchaseRatePerDay * c.recencyDays(snapshot.cutoff()));
            double alive = t.dropoutProbability == 0 ? 1 : stillSilent / (stillSilent + t.dropoutProbability);
            scores[i] = 1 - alive * (1 - Math.exp(-t.purchaseRatePerDay * horizon));
        }
        return scores;
    }

    static LocalDate date(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
