package io.shoplens.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.common.Quote;
import io.shoplens.churn.Calibrator;
import io.shoplens.churn.ChurnPrediction;
import io.shoplens.churn.ChurnService;
import io.shoplens.churn.Metrics.CurvePoint;
import io.shoplens.churn.Metrics.ReliabilityBin;
import io.shoplens.churn.Drift;
import io.shoplens.churn.ModelCard;
import io.shoplens.churn.ModelVersion;
import io.shoplens.churn.Realized;
import io.shoplens.churn.Ranking;
import io.shoplens.churn.StackedCalibrator;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;
import io.shoplens.web.ChartSpec.Series;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

@Path("/")
@Tag(name = "Churn")
public class ChurnResource {
    static final int MAX_LIMIT = 1000;
    /** The longest silence the recency filter takes: a hundred years. */
    static final int MAX_DAYS = 36_500;
    /** The filter's value for "any recency". */
    static final String ANY = "all";
    /** The page's recency choices in days, beside the configured default and "all". */
    private static final List<Integer> DAY_CHOICES = List.of(30, 90, 180, 365);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance churn(Page page, ModelCard model, ModelCard failure, boolean training,
                List<ChurnPrediction> risky, ChurnCharts charts, WinBack winBack);

        static native TemplateInstance history(Page page, List<HistoryRow> rows, ModelCard selected,
                Drift.ModelDrift drift, ChurnService.RealizedOutcome outcome, HistoryCharts charts, double psiFlag,
                double epsilon, double tolerance);
    }

    /**
     * One kept version on {@code /churn/history}.
     *
     * @param drift null without bins on its card (failed, or from before) or without data
     * @param realized null until known (see {@link ChurnService.RealizedOutcome})
     */
    public record HistoryRow(ModelVersion model, Drift.ModelDrift drift, Realized realized, boolean selected) {
        public double maxPsi() {
            return drift == null ? 0 : drift.features().stream().mapToDouble(Drift.FeatureDrift::psi).max().orElse(0);
        }
    }

    /** @param drift and reliability null when there is nothing to draw */
    public record HistoryCharts(String versions, String drift, String reliability) {
    }

    public record ChurnCharts(String roc, String pr, String reliability, String importance) {
    }

    /**
     * The win-back list's filter as the page shows it.
     *
     * @param selected the chosen value: a number of days or "all"
     * @param sort the ranking's id
     * @param error what was wrong with the requested value, which was replaced by the default; null when fine
     */
    /** @param otherDataset the serving model scored another dataset version, so no prediction is listed */
    public record WinBack(String selected, String sort, List<Choice> choices, String error, boolean otherDataset) {
    }

    public record Choice(String value, String label) {
    }

    @Inject
    Pages pages;
    @Inject
    ChurnService churn;
    @Inject
    Charts charts;

    @Operation(hidden = true)
    @GET
    @Path("churn")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("maxDaysSinceLastOrder") String maxDays,
            @QueryParam("sort") String sort) {
        Page page = pages.page("Churn", "churn");
        ModelCard model = churn.servingModel().orElse(null);
        ModelCard failure = churn.lastFailure().orElse(null);
        String error = null;
        Integer days;
        try {
            days = maxDays(maxDays);
        } catch (ValidationException e) {
            error = e.getMessage();
            days = churn.winBackDays();
        }
        // The page asks whom to win back, so it ranks by what a churn would cost unless told otherwise.
        Ranking ranking = sort == null || sort.isBlank() ? Ranking.REVENUE : Ranking.byId(sort.trim()).orElse(null);
        if (ranking == null) {
            error = (error == null ? "" : error + "; ") + "sort: " + Quote.of(sort) + " is not a ranking; use one of "
                    + String.join(", ", Ranking.ids());
            ranking = Ranking.REVENUE;
        }
        WinBack winBack = new WinBack(days == null ? ANY : String.valueOf(days), ranking.id, choices(), error,
                model != null && !churn.scoredTheCurrentDataset());
        if (model == null) {
            return Templates.churn(page, null, failure, churn.isTraining(), List.of(), null, winBack);
        }
        return Templates.churn(page, model, failure, churn.isTraining(),
                churn.predictions(20, 0, days, ranking), charts(model), winBack);
    }

    /** The requested recency filter: blank gives the configured default, "all" none, else 1 to 36,500 days. */
    private Integer maxDays(String value) {
        if (value == null || value.isBlank()) {
            return churn.winBackDays();
        }
        if (ANY.equals(value.trim())) {
            return null;
        }
        int days;
        try {
            days = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("maxDaysSinceLastOrder", Quote.of(value)
                    + " is neither a whole number of days nor '" + ANY + "'");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new ValidationException("maxDaysSinceLastOrder", "must be between 1 and " + MAX_DAYS + " days, or '"
                    + ANY + "', was " + days);
        }
        return days;
    }

    private List<Choice> choices() {
        SortedSet<Integer> days = new TreeSet<>(DAY_CHOICES);
        days.add(churn.winBackDays());
        List<Choice> choices = new ArrayList<>();
        days.forEach(d -> choices.add(new Choice(String.valueOf(d), "within " + d + " days"
                + (d == churn.winBackDays() ? " (default)" : ""))));
        choices.add(new Choice(ANY, "any time"));
        return choices;
    }

    @Operation(summary = "The serving churn model",
            description = "Version, training time, cutoff, horizon, out-of-time metrics, baselines and beatsBaseline,"
                    + " calibration (Brier before and after, reliability, BG/NBD beside it), the oracle and its history"
                    + " ceiling on simulated data, and permutation feature importance.")
    @APIResponseSchema(value = ModelCard.class, responseDescription = "The model card")
    @APIResponse(responseCode = "404", description = "No model has been trained yet",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/churn/model")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelCard model() {
        return churn.servingModel().orElseThrow(() -> new NotFoundException(churn.isTraining()
                ? "No churn model yet: the first training is running" : "No churn model yet"));
    }

    @Operation(hidden = true)
    @GET
    @Path("churn/history")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance history(@QueryParam("version") String version) {
        Page page = pages.page("Churn model history", "churn");
        List<ModelCard> cards = churn.history();
        ModelCard selected = cards.stream().filter(c -> String.valueOf(c.version()).equals(version)).findFirst()
                .orElseGet(() -> churn.servingModel().orElse(cards.isEmpty() ? null : cards.get(0)));
        Map<Long, Drift.ModelDrift> drifts = churn.drifts(cards);
        List<HistoryRow> rows = new ArrayList<>(cards.size());
        ChurnService.RealizedOutcome outcome = null;
        for (ModelCard card : cards) {
            ChurnService.RealizedOutcome realized = churn.realized(card);
            boolean isSelected = selected != null && card.version() == selected.version();
            outcome = isSelected ? realized : outcome;
            rows.add(new HistoryRow(ModelVersion.of(card), drifts.get(card.version()), realized.realized(),
                    isSelected));
        }
        Drift.ModelDrift drift = selected == null ? null : drifts.get(selected.version());
        return Templates.history(page, rows, selected, drift, outcome, historyCharts(rows, selected, drift, outcome),
                Drift.FLAG, Drift.EPSILON, Realized.TOLERANCE);
    }

    @Operation(summary = "Every kept churn model version, newest first",
            description = "Up to shoplens.churn.keep-models versions (the serving one always): version, status (serving,"
                    + " retired, failed), trainedAt, cutoff (t0), scoredAsOf (the end of the data it was trained on),"
                    + " horizonDays, datasetVersion, trainingOrders, sizes (train and evaluation rows, scored"
                    + " customers), baseRate, metrics (rocAuc, prAuc, brier of the raw forest out of time, servedBrier"
                    + " of what is served), error for a failed training.")
    @APIResponse(responseCode = "200", description = "Model versions",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ModelVersion.class)))
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/churn/models")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ModelVersion> models() {
        return churn.history().stream().map(ModelVersion::of).toList();
    }

    @Operation(summary = "A model's served predictions scored against what happened",
            description = "Its sample of scored customers labelled from the current data (churned = no sales order in"
                    + " the H days from the model's scoring date): realized ROC AUC, Brier score and reliability, the"
                    + " out-of-time estimate it had at training, and the verdict ('as estimated' within 0.03 of ROC"
                    + " AUC, else 'drift or bug' naming the features whose PSI is above 0.2). The body is JSON null"
                    + " (status 200) until the data has moved H days past the scoring date, for a model of another"
                    + " dataset version than the one analysed, and for a failed training.")
    @APIResponse(responseCode = "200", description = "Realized outcomes, or null while unknown",
            content = @Content(schema = @Schema(implementation = Realized.class, nullable = true)))
    @APIResponse(responseCode = "404", description = "No such model version (never trained, or pruned)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/churn/models/{version}/realized")
    @Produces(MediaType.APPLICATION_JSON)
    public Response realized(@PathParam("version") long version) {
        ChurnService.RealizedOutcome outcome = churn.realized(version).orElseThrow(() -> notKept(version));
        return jsonOrNull(outcome.realized());
    }

    @Operation(summary = "A model's feature drift against the current data",
            description = "Population stability index per feature between the served forest's training snapshot"
                    + " (its decile bins, kept on the card) and the features of every customer as of the current"
                    + " data's end; flagged above 0.2. JSON null (200) for a card without bins (failed, or trained"
                    + " before they were kept).")
    @APIResponse(responseCode = "200", description = "Drift, or null",
            content = @Content(schema = @Schema(implementation = Drift.ModelDrift.class, nullable = true)))
    @APIResponse(responseCode = "404", description = "No such model version (never trained, or pruned)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/churn/models/{version}/drift")
    @Produces(MediaType.APPLICATION_JSON)
    public Response drift(@PathParam("version") long version) {
        churn.model(version).orElseThrow(() -> notKept(version));
        return jsonOrNull(churn.drift(version).orElse(null));
    }

    private static NotFoundException notKept(long version) {
        return new NotFoundException("No churn model version " + version + ": never trained, or pruned (only the"
                + " newest shoplens.churn.keep-models are kept); GET /api/churn/models lists them");
    }

    /** A JSON body, or the JSON literal null with 200 (a null entity would answer 204 without a body). */
    private static Response jsonOrNull(Object value) {
        return Response.ok(value == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : value,
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Operation(summary = "Cached churn predictions, highest probability first",
            description = "limit 1 to 1000 (default 100); minProbability 0 to 1; maxDaysSinceLastOrder 1 to 36500, or"
                    + " 'all' (default shoplens.churn.win-back-days, 180: the customers a win-back offer can still"
                    + " reach); sort: 'risk' (highest probability first) or 'revenue' (highest revenue at risk first:"
                    + " probability × the customer's 12-month lifetime value).")
    @APIResponse(responseCode = "200", description = "Predictions",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ChurnPrediction.class)))
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/churn/predictions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ChurnPrediction> predictions(@QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("minProbability") @DefaultValue("0") String minProbability,
            @QueryParam("maxDaysSinceLastOrder") String maxDaysSinceLastOrder,
            @QueryParam("sort") @DefaultValue("risk") String sort) {
        List<FieldError> errors = new ArrayList<>();
        Integer n = collect(errors, () -> {
            int value = Params.wholeNumber("limit", limit);
            if (value < 1 || value > MAX_LIMIT) {
                throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + value);
            }
            return value;
        });
        Double min = collect(errors, () -> probability(minProbability));
        Integer days = collect(errors, () -> maxDays(maxDaysSinceLastOrder));
        Ranking ranking = Ranking.byId(sort.trim()).orElse(null);
        if (ranking == null) {
            errors.add(new FieldError("sort", Quote.of(sort) + " is not a ranking; use one of "
                    + String.join(", ", Ranking.ids())));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return churn.predictions(n, min, days, ranking);
    }

    private static double probability(String value) {
        double min;
        try {
            min = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("minProbability", Quote.of(value) + " is not a number");
        }
        if (!(min >= 0 && min <= 1)) {
            throw new ValidationException("minProbability", "must be between 0 and 1, was " + Quote.of(value));
        }
        return min;
    }

    /** Runs one parameter's parsing, adding its problems to {@code errors} (and giving null) when it fails. */
    private static <T> T collect(List<FieldError> errors, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ValidationException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    @Operation(summary = "Retrain the churn model now (admin)",
            description = "Answers 202 and trains in the background; training=false when a training is already running here or in another replica.")
    @APIResponse(responseCode = "202", description = "Training requested")
    @APIResponse(responseCode = "401", ref = "unauthenticated")
    @APIResponse(responseCode = "403", ref = "writesDisabled")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @POST
    @Path("api/churn/retrain")
    @AdminOnly
    @Produces(MediaType.APPLICATION_JSON)
    public Response retrain() {
        ChurnService.Retraining retraining = churn.requestRetraining("request");
        return Response.accepted(Map.of("training", retraining.started() || churn.isTraining(), "started",
                retraining.started(), "message", retraining.message())).build();
    }

    @Operation(hidden = true)
    /** The retrain button: same as the API, then back to the page. */
    @POST
    @Path("churn/retrain")
    @AdminOnly
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retrainFromPage() {
        churn.requestRetraining("request");
        return Response.seeOther(java.net.URI.create("/churn")).build();
    }

    private ChurnCharts charts(ModelCard m) {
        ChartSpec.Builder roc = ChartSpec.of("line", null).linearX(0, 1).yRange(0, 1)
                .titles("False positive rate", "True positive rate")
                .series(points("Random forest", m.curves().roc()))
                .series(points("Days since last order", m.curves().recencyRoc()));
        if (!m.curves().oracleRoc().isEmpty()) {
            roc.series(points("Oracle (truth)", m.curves().oracleRoc()));
        }
        return new ChurnCharts(
                charts.json(roc.series(points("Chance", List.of(new CurvePoint(0, 0), new CurvePoint(1, 1)))
                        .colored("#9ca3af")).build()),
                charts.json(ChartSpec.of("line", null).linearX(0, 1).yRange(0, 1).titles("Recall", "Precision")
                        .series(points("Random forest", m.curves().pr()))
                        .series(points("Base rate", List.of(new CurvePoint(0, m.baseRate()),
                                new CurvePoint(1, m.baseRate()))).colored("#9ca3af"))
                        .build()),
                charts.json(reliability(m)),
                charts.json(ChartSpec.of("bar", m.featureImportance().stream()
                        .map(ModelCard.FeatureImportance::feature).toList()).horizontal()
                        .titles(null, "ROC AUC lost when shuffled")
                        .series(Series.of("Permutation importance", m.featureImportance().stream()
                                .map(f -> Math.round(f.importance() * 10000) / 10000.0).toList()))
                        .build()));
    }

    private HistoryCharts historyCharts(List<HistoryRow> rows, ModelCard selected, Drift.ModelDrift drift,
            ChurnService.RealizedOutcome outcome) {
        List<HistoryRow> trained = new ArrayList<>(rows.stream().filter(r -> r.model().metrics() != null).toList());
        java.util.Collections.reverse(trained);
        List<Object> auc = new ArrayList<>();
        List<Object> brier = new ArrayList<>();
        List<Object> base = new ArrayList<>();
        List<Object> realizedAuc = new ArrayList<>();
        for (HistoryRow r : trained) {
            auc.add(r.model().metrics().rocAuc());
            brier.add(r.model().metrics().servedBrier() != null ? r.model().metrics().servedBrier()
                    : r.model().metrics().brier());
            base.add(r.model().baseRate());
            realizedAuc.add(r.realized() == null ? null : r.realized().rocAuc());
        }
        ChartSpec.Builder versions = ChartSpec.of("line", trained.stream().map(r -> "v" + r.model().version())
                .toList()).yRange(0, 1).titles("Model version", null)
                .series(Series.of("ROC AUC (out of time)", auc))
                .series(Series.of("Brier score (served)", brier))
                .series(Series.of("Base rate", base));
        if (realizedAuc.stream().anyMatch(java.util.Objects::nonNull)) {
            versions.series(Series.of("ROC AUC (realized)", realizedAuc));
        }
        String driftChart = null;
        if (drift != null && !drift.features().isEmpty()) {
            // Most drifted first; flagged bars in red (two stacked series, one of them 0 per feature).
            List<Drift.FeatureDrift> sorted = drift.features().stream()
                    .sorted(java.util.Comparator.comparingDouble(Drift.FeatureDrift::psi).reversed()).toList();
            driftChart = charts.json(ChartSpec.of("bar", sorted.stream().map(Drift.FeatureDrift::feature).toList())
                    .horizontal().stacked().titles(null, "Population stability index")
                    .series(Series.of("PSI above " + Drift.FLAG + " (flagged)", sorted.stream()
                            .map(f -> f.flagged() ? Math.round(f.psi() * 10000) / 10000.0 : 0.0).toList())
                            .colored("#dc2626"))
                    .series(Series.of("PSI", sorted.stream()
                            .map(f -> f.flagged() ? 0.0 : Math.round(f.psi() * 10000) / 10000.0).toList()))
                    .build());
        }
        String reliabilityChart = null;
        if (outcome != null && outcome.realized() != null) {
            ChartSpec.Builder chart = ChartSpec.of("line", null).linearX(0, 1).yRange(0, 1)
                    .titles("Predicted probability", "Observed churn rate")
                    .series(points("Realized (model " + selected.version() + ")",
                            reliabilityPoints(outcome.realized().reliability())));
            if (selected.calibration() != null) {
                chart.series(points("Out of time at training", reliabilityPoints(selected.calibration()
                        .reliability())));
            }
            reliabilityChart = charts.json(chart.series(points("Perfect calibration", List.of(new CurvePoint(0, 0),
                    new CurvePoint(1, 1))).colored("#9ca3af")).build());
        }
        return new HistoryCharts(charts.json(versions.build()), driftChart, reliabilityChart);
    }

    /**
     * Observed churn rate against the mean predicted probability per tenth: raw, served, BG/NBD when known. Where
     * BG/NBD's probabilities are served, its curve is the served one, drawn once under its own name.
     */
    private static ChartSpec reliability(ModelCard m) {
        String method = m.calibration() == null ? Calibrator.NONE : m.calibration().method();
        boolean bgNbdServed = StackedCalibrator.BG_NBD.equals(method);
        ChartSpec.Builder chart = ChartSpec.of("line", null).linearX(0, 1).yRange(0, 1)
                .titles("Predicted probability", "Observed churn rate")
                .series(points(Calibrator.NONE.equals(method) ? "Random forest (served)" : "Random forest, raw",
                        reliabilityPoints(m.curves().reliability())));
        if (!Calibrator.NONE.equals(method) && !bgNbdServed) {
            chart.series(points(StackedCalibrator.STACKED.equals(method) ? "Random forest stacked with BG/NBD (served)"
                    : "Random forest, calibrated (served)", reliabilityPoints(m.calibration().reliability())));
        }
        if (m.calibration() != null && m.calibration().bgNbd() != null) {
            chart.series(points(bgNbdServed ? "BG/NBD (served)" : "BG/NBD",
                    reliabilityPoints(m.calibration().bgNbd().reliability())));
        }
        return chart.series(points("Perfect calibration", List.of(new CurvePoint(0, 0), new CurvePoint(1, 1)))
                .colored("#9ca3af")).build();
    }

    private static List<CurvePoint> reliabilityPoints(List<ReliabilityBin> bins) {
        return bins.stream().map(b -> new CurvePoint(b.meanPredicted(), b.observedRate())).toList();
    }

    private static Series points(String label, List<CurvePoint> points) {
        return Series.of(label, points.stream().map(p -> Map.of("x", p.x(), "y", p.y())).toList());
    }
}
