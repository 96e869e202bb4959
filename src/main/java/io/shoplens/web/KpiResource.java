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

import io.shoplens.common.ValidationException;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiService;

@Path("/api/kpis")
public class KpiResource {

    @Inject
    KpiService kpis;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public KpiReport kpis(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("country") String country) {
        return kpis.report(KpiFilter.parse(from, to, country));
    }

    /** The numbers behind each dashboard chart, for people who would rather read or chart them themselves. */
    @GET
    @Path("/{table}.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("table") String table, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("country") String country) {
        KpiReport report = kpis.report(KpiFilter.parse(from, to, country));
        String body = switch (table) {
            case "countries" -> Csv.of(List.of("country", "revenue", "orders", "share"), report.revenueByCountry(),
                    c -> List.of(c.country(), c.revenue(), c.orders(), c.share()));
            case "monthly" -> Csv.of(List.of("month", "revenue", "orders", "averageBasket", "newCustomers",
                    "returningCustomers", "promoOrders", "promoUsageRate", "discount"), report.monthly(),
                    m -> List.of(m.month(), m.revenue(), m.orders(), m.averageBasket(), m.newCustomers(),
                            m.returningCustomers(), m.promoOrders(), m.promoUsageRate(), m.discount()));
            case "products" -> Csv.of(List.of("productId", "name", "category", "revenue", "units", "orders"),
                    report.topProducts(), p -> List.of(p.productId(), p.name(), p.category(), p.revenue(),
                            p.units(), p.orders()));
            case "promo-codes" -> Csv.of(List.of("code", "orders", "revenue", "discount"), report.promoCodes(),
                    p -> List.of(p.code(), p.orders(), p.revenue(), p.discount()));
            case "cohorts" -> Csv.of(List.of("cohort", "customers", "retention"), report.cohorts(),
                    c -> List.of(c.month(), c.customers(), c.retention().stream().map(String::valueOf)
                            .collect(Collectors.joining(" "))));
            default -> throw new ValidationException("table",
                    "unknown table '" + table + "'; use countries, monthly, products, promo-codes or cohorts");
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + table + ".csv\"").build();
    }
}
