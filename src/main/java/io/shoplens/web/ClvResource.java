package io.shoplens.web;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.clv.ClvService;
import io.shoplens.clv.ClvSummary;
import io.shoplens.frame.Frames;
import io.shoplens.segment.CustomerSegment;
import io.shoplens.segment.SegmentService;
import io.shoplens.web.ChartSpec.Series;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Tag(name = "Lifetime value")
public class ClvResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance clv(Page page, ClvSummary summary, String failure, ClvCharts charts,
                ClvService.Group everyone, List<ClvService.Group> personas, List<ClvService.Group> rfm);
    }

    public record ClvCharts(String holdout, String distribution) {
    }

    @Inject
    Pages pages;
    @Inject
    ClvService clv;
    @Inject
    SegmentService segments;
    @Inject
    Charts charts;
    @Inject
    Frames frames;

    @Operation(hidden = true)
    @GET
    @Path("clv")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        Page page = pages.page("Customer lifetime value", "clv");
        ClvSummary summary = clv.summary().orElse(null);
        if (!page.hasData() || summary == null) {
            String failure = clv.failure().map(ClvService.Failure::message).orElse(null);
            return Templates.clv(page, null, failure, null, null, List.of(), List.of());
        }
        List<ClvSummary.FrequencyRow> rows = summary.holdout().byFrequency();
        ClvCharts clvCharts = new ClvCharts(
                charts.json(ChartSpec.of("bar", rows.stream().map(ClvSummary.FrequencyRow::label).toList())
                        .titles("Repeat order days before the cutoff", "Order days in the holdout")
                        .series(Series.of("Predicted", rows.stream().map(r -> round(r.predicted())).toList()))
                        .series(Series.of("Actual", rows.stream().map(r -> round(r.actual())).toList()))
                        .build()),
                charts.json(ChartSpec.of("bar", summary.distribution().stream().map(ClvResource::binLabel).toList())
                        .titles("12-month value", "Customers")
                        .series(Series.of("Customers", summary.distribution().stream()
                                .map(ClvSummary.Bin::customers).toList()))
                        .build()));
        List<ClvService.Group> everyone = clv.groups(id -> "All customers");
        return Templates.clv(page, summary, null, clvCharts, everyone.isEmpty() ? null : everyone.get(0),
                clv.groups(id -> segments.customer(id).filter(s -> s.persona != null)
                        .map(CustomerSegment::personaLabel).orElse(null)),
                clv.groups(id -> segments.customer(id).filter(s -> s.rfmSegment != null)
                        .map(CustomerSegment::rfmLabel).orElse(null)));
    }

    @Operation(summary = "Customer lifetime value",
            description = "The BG/NBD and Gamma-Gamma parameters (days), the holdout check (order days predicted in"
                    + " the last holdout days by the model fitted before them, against the actual ones, in total and"
                    + " by repeat order days before the cutoff), the total 12-month value and its distribution, and"
                    + " the top customers. Computed once per dataset version in the background.")
    @APIResponseSchema(value = ClvSummary.class, responseDescription = "The lifetime-value analysis")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/clv")
    @Produces(MediaType.APPLICATION_JSON)
    public ClvSummary api() {
        return clv.summary().orElseGet(() -> {
            frames.require();
            throw new Frames.AnalysisUnavailableException(clv.failure()
                    .map(f -> "The lifetime values of dataset version " + f.datasetVersion() + " could not be"
                            + " computed: " + f.message())
                    .orElse("The lifetime values of the dataset are being computed; try again in a few seconds."));
        });
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String binLabel(ClvSummary.Bin bin) {
        return String.format(Locale.US, "%,.0f–%,.0f", bin.from(), bin.to());
    }
}
