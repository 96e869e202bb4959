package io.shoplens.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.common.ValidationException;
import io.shoplens.common.VersionedCache;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiService;
import io.shoplens.frame.Frames;
import io.shoplens.web.ChartSpec.Series;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/")
public class DashboardResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Page page, Form form, KpiReport report, KpiReport.Recent recent,
                DashboardCharts charts);
    }

    /** The filter as typed, so that the form shows it again, with the errors it had if any. */
    public record Form(String from, String to, String country, String query, List<String> errors) {
    }

    public record DashboardCharts(String countries, String monthly, String promo, String customers,
            String categories) {
    }

    @Inject
    Pages pages;
    @Inject
    KpiService kpis;
    @Inject
    Charts charts;

    /**
     * The rendered dashboard per analysed dataset version and filter: rendering its tables and charts costs more
     * than computing the KPIs from the frame, and both change only with the data.
     */
    private final VersionedCache<String, String> rendered = new VersionedCache<>(64);
    @Inject
    Frames frames;

    @Operation(hidden = true)
    @GET
    @Produces(MediaType.TEXT_HTML)
    public String index(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("country") String country) {
        Page page = pages.page("Dashboard", "dashboard");
        boolean stable = page.hasData() && page.dataset().progress() == null && page.analysis() == null;
        if (!stable) {
            return render(page, from, to, country);
        }
        String key = from + "\u0000" + to + "\u0000" + country;
        return rendered.get(frames.require().stamp(), key, () -> render(page, from, to, country));
    }

    private String render(Page page, String from, String to, String country) {
        KpiFilter filter;
        List<String> errors = new ArrayList<>();
        try {
            filter = KpiFilter.parse(from, to, country);
        } catch (ValidationException e) {
            e.errors().forEach(error -> errors.add(error.toString()));
            filter = KpiFilter.ALL;
        }
        Form form = new Form(blank(from), blank(to), blank(country), query(filter), errors);
        if (!page.hasData()) {
            return Templates.index(page, form, null, null, null).render();
        }
        io.shoplens.frame.OrderFrame frame = frames.require();
        KpiReport report = kpis.report(frame, filter);
        return Templates.index(page, form, report, kpis.recent(frame), charts(report)).render();
    }

    private DashboardCharts charts(KpiReport r) {
        List<String> months = r.monthly().stream().map(KpiReport.MonthlyKpi::month).toList();
        return new DashboardCharts(
                charts.json(ChartSpec.of("bar", r.revenueByCountry().stream().map(KpiReport.CountryRevenue::country)
                        .toList()).money().horizontal()
                        .series(Series.of("Net revenue", r.revenueByCountry().stream()
                                .map(KpiReport.CountryRevenue::revenue).toList()))
                        .build()),
                charts.json(ChartSpec.of("bar", months).money().y2("Average basket")
                        .series(Series.of("Net revenue", r.monthly().stream().map(KpiReport.MonthlyKpi::revenue)
                                .toList()))
                        .series(Series.of("Returns", r.monthly().stream().map(KpiReport.MonthlyKpi::returns).toList())
                                .colored("#dc2626"))
                        .series(Series.of("Average basket", r.monthly().stream()
                                .map(KpiReport.MonthlyKpi::averageBasket).toList()).as("line", "y2")
                                .colored("#d97706"))
                        .build()),
                charts.json(ChartSpec.of("line", months).yRange(0, 100).titles(null, "% of orders")
                        .series(Series.of("Orders with a promo code (%)", r.monthly().stream()
                                .map(m -> Math.round(m.promoUsageRate() * 1000) / 10.0).toList()))
                        .build()),
                charts.json(ChartSpec.of("bar", months).stacked()
                        .series(Series.of("New customers", r.monthly().stream()
                                .map(KpiReport.MonthlyKpi::newCustomers).toList()))
                        .series(Series.of("Returning customers", r.monthly().stream()
                                .map(KpiReport.MonthlyKpi::returningCustomers).toList()))
                        .build()),
                charts.json(ChartSpec.of("bar", r.topCategories().stream().map(KpiReport.CategorySales::category)
                        .toList()).money().horizontal()
                        .series(Series.of("Net revenue", r.topCategories().stream()
                                .map(KpiReport.CategorySales::revenue).toList()))
                        .build()));
    }

    private static String query(KpiFilter filter) {
        StringBuilder sb = new StringBuilder();
        append(sb, "from", filter.from() == null ? null : filter.from().toString());
        append(sb, "to", filter.to() == null ? null : filter.to().toString());
        append(sb, "country", filter.country());
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(sb.length() == 0 ? "?" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
