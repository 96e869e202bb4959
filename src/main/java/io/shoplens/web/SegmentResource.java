package io.shoplens.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.frame.Frames;
import io.shoplens.segment.SegmentService;
import io.shoplens.segment.SegmentSummary;
import io.shoplens.web.ChartSpec.Series;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/")
@Tag(name = "Segments")
public class SegmentResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance segments(Page page, SegmentSummary summary, SegmentCharts charts,
                List<GridRow> grid);
    }

    /** One row of the R × F grid: the recency score and the customers at frequency scores 1 to 5. */
    public record GridRow(int recency, List<Long> counts) {
    }

    public record SegmentCharts(String personaSizes, String personaRevenue, String rfmSizes) {
    }

    @Inject
    Pages pages;
    @Inject
    SegmentService segments;
    @Inject
    Charts charts;
    @Inject
    Frames frames;

    @Operation(hidden = true)
    @GET
    @Path("segments")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        Page page = pages.page("Segments", "segments");
        SegmentSummary summary = segments.summary().orElse(null);
        if (!page.hasData() || summary == null) {
            return Templates.segments(page, null, null, List.of());
        }
        List<String> personaNames = summary.personas().stream().map(SegmentSummary.Group::name).toList();
        SegmentCharts segmentCharts = new SegmentCharts(
                charts.json(ChartSpec.of("bar", personaNames)
                        .series(Series.of("Customers", summary.personas().stream()
                                .map(SegmentSummary.Group::customers).toList()))
                        .build()),
                charts.json(ChartSpec.of("bar", personaNames).money()
                        .series(Series.of("Revenue", summary.personas().stream()
                                .map(SegmentSummary.Group::revenue).toList()))
                        .build()),
                charts.json(ChartSpec.of("bar", summary.rfm().stream().map(SegmentSummary.Group::name).toList())
                        .horizontal()
                        .series(Series.of("Customers", summary.rfm().stream().map(SegmentSummary.Group::customers)
                                .toList()))
                        .build()));
        return Templates.segments(page, summary, segmentCharts, gridRows(summary.rfmGrid()));
    }

    @Operation(summary = "Persona and RFM segments",
            description = "Sizes and revenue per persona and RFM segment, the rules' thresholds, and on simulated data the agreement with the hidden personas.")
    @APIResponseSchema(value = SegmentSummary.class, responseDescription = "The segments")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/segments")
    @Produces(MediaType.APPLICATION_JSON)
    public SegmentSummary api() {
        return segments.summary().orElseGet(() -> {
            frames.require();
            throw new Frames.AnalysisUnavailableException("The segments of the dataset are being prepared; try"
                    + " again in a few seconds.");
        });
    }

    /** The R × F grid with recency 5 on top, as rows of counts. */
    private static List<GridRow> gridRows(long[][] grid) {
        List<GridRow> rows = new ArrayList<>();
        for (int r = 4; r >= 0; r--) {
            List<Long> row = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                row.add(grid[r][f]);
            }
            rows.add(new GridRow(r + 1, row));
        }
        return rows;
    }
}
