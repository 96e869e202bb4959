package io.shoplens.web;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.common.Quote;
import io.shoplens.churn.ChurnPrediction;
import io.shoplens.churn.ChurnService;
import io.shoplens.churn.Metrics.CurvePoint;
import io.shoplens.churn.ModelCard;
import io.shoplens.common.ValidationException;
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

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance churn(Page page, ModelCard model, ModelCard failure, boolean training,
                List<ChurnPrediction> risky, ChurnCharts charts);
    }

    public record ChurnCharts(String roc, String pr, String reliability, String importance) {
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
    public TemplateInstance page() {
        Page page = pages.page("Churn", "churn");
        ModelCard model = churn.servingModel().orElse(null);
        ModelCard failure = churn.lastFailure().orElse(null);
        if (model == null) {
            return Templates.churn(page, null, failure, churn.isTraining(), List.of(), null);
        }
        return Templates.churn(page, model, failure, churn.isTraining(), churn.predictions(20, 0), charts(model));
    }

    @Operation(summary = "The serving churn model",
            description = "Version, training time, cutoff, horizon, out-of-time metrics, baselines, the oracle on simulated data, and permutation feature importance.")
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

    @Operation(summary = "Cached churn predictions, highest probability first",
            description = "limit 1 to 1000 (default 100); minProbability 0 to 1.")
    @APIResponse(responseCode = "200", description = "Predictions",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ChurnPrediction.class)))
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/churn/predictions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ChurnPrediction> predictions(@QueryParam("limit") @DefaultValue("100") String limit,
            @QueryParam("minProbability") @DefaultValue("0") String minProbability) {
        int n = Params.wholeNumber("limit", limit);
        double min;
        try {
            min = Double.parseDouble(minProbability.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("minProbability", Quote.of(minProbability) + " is not a number");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + n);
        }
        if (!(min >= 0 && min <= 1)) {
            throw new ValidationException("minProbability", "must be between 0 and 1, was " + Quote.of(minProbability));
        }
        return churn.predictions(n, min);
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
                charts.json(ChartSpec.of("line", null).linearX(0, 1).yRange(0, 1)
                        .titles("Predicted probability", "Observed churn rate")
                        .series(points("Random forest", m.curves().reliability().stream()
                                .map(b -> new CurvePoint(b.meanPredicted(), b.observedRate())).toList()))
                        .series(points("Perfect calibration", List.of(new CurvePoint(0, 0), new CurvePoint(1, 1)))
                                .colored("#9ca3af"))
                        .build()),
                charts.json(ChartSpec.of("bar", m.featureImportance().stream()
                        .map(ModelCard.FeatureImportance::feature).toList()).horizontal()
                        .titles(null, "ROC AUC lost when shuffled")
                        .series(Series.of("Permutation importance", m.featureImportance().stream()
                                .map(f -> Math.round(f.importance() * 10000) / 10000.0).toList()))
                        .build()));
    }

    private static Series points(String label, List<CurvePoint> points) {
        return Series.of(label, points.stream().map(p -> Map.of("x", p.x(), "y", p.y())).toList());
    }
}
