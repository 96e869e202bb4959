package io.shoplens.web;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;
import io.shoplens.common.VersionedCache;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.media.Content;

@Path("/api/kpis")
@Tag(name = "KPIs")
public class KpiResource {

    @Inject
    KpiService kpis;
    @Inject
    io.shoplens.frame.Frames frames;
    @Inject
    ObjectMapper json;

    /**
     * The serialised report per frame (its stamp) and filter: with the report itself cached, writing its JSON (the
     * cohort triangle and the monthly rows) was most of a request's cost.
     */
    private final VersionedCache<KpiFilter, String> serialised = new VersionedCache<>(64);

    @Operation(summary = "All KPIs for a date range and country",
            description = "Revenue, orders, average basket, countries, monthly trends, promotions, new vs returning customers, repeat rate, top products and categories, cohorts. Dates are inclusive ISO dates (yyyy-MM-dd).")
    @APIResponseSchema(value = KpiReport.class, responseDescription = "The KPIs")
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String kpis(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("country") String country) {
        KpiFilter filter = KpiFilter.parse(from, to, country);
        io.shoplens.frame.OrderFrame frame = frames.require();
        KpiReport report = kpis.report(frame, filter);
        return serialised.get(frame.stamp(), filter, () -> {
            try {
                return json.writeValueAsString(report);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("KPI report not serialisable", e);
            }
        });
    }

    @Operation(summary = "One KPI table as CSV",
            description = "table is countries, monthly, products, promo-codes or cohorts; the same filters as /api/kpis.")
    @APIResponse(responseCode = "200", description = "CSV with a header row",
            content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "503", ref = "unavailable")
    /** The numbers behind each dashboard chart, for people who would rather read or chart them themselves. */
    @GET
    @Path("/{table}.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("table") String table, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("country") String country) {
        KpiReport report = kpis.report(KpiFilter.parse(from, to, country));
        String body = switch (table) {
            case "countries" -> Csv.of(List.of("country", "revenue", "orders", "share", "returns"),
                    report.revenueByCountry(), c -> List.of(c.country(), c.revenue(), c.orders(), c.share(),
                            c.returns()));
            case "monthly" -> Csv.of(List.of("month", "revenue", "orders", "averageBasket", "newCustomers",
                    "returningCustomers", "promoOrders", "promoUsageRate", "discount", "grossRevenue", "returns"),
                    report.monthly(), m -> List.of(m.month(), m.revenue(), m.orders(), m.averageBasket(),
                            m.newCustomers(), m.returningCustomers(), m.promoOrders(), m.promoUsageRate(),
                            m.discount(), m.grossRevenue(), m.returns()));
            case "products" -> Csv.of(List.of("productId", "name", "category", "revenue", "units", "orders",
                    "returnedUnits", "returned"), report.topProducts(), p -> List.of(p.productId(), p.name(),
                            p.category(), p.revenue(), p.units(), p.orders(), p.returnedUnits(), p.returned()));
            case "promo-codes" -> Csv.of(List.of("code", "orders", "revenue", "discount"), report.promoCodes(),
                    p -> List.of(p.code(), p.orders(), p.revenue(), p.discount()));
            case "cohorts" -> Csv.of(List.of("cohort", "customers", "retention"), report.cohorts(),
                    c -> List.of(c.month(), c.customers(), c.retention().stream().map(String::valueOf)
                            .collect(Collectors.joining(" "))));
            default -> throw new ValidationException("table",
                    "unknown table " + Quote.of(table) + "; use countries, monthly, products, promo-codes or cohorts");
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + table + ".csv\"").build();
    }
}
