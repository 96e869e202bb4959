package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiService;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class DashboardResourceTest {

    @Inject
    KpiService kpis;

    @BeforeEach
    void classicShop() {
        Api.awaitReady();
        Api.regenerate("{\"preset\": \"classic\", \"seed\": 42, \"asOf\": \"2025-12-31\"}");
    }

    @Test
    void apiAnswersTheNamedFieldsExactly() {
        KpiReport report = kpis.report(KpiFilter.ALL);
        JsonPath json = given().get("/api/kpis").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertEquals(report.revenue(), json.getObject("revenue", BigDecimal.class));
        assertEquals(report.grossRevenue(), json.getObject("grossRevenue", BigDecimal.class));
        assertEquals(report.returns(), json.getObject("returns", BigDecimal.class));
        assertTrue(report.returns().signum() > 0, "the simulated shop has returns");
        assertEquals(report.grossRevenue().subtract(report.returns()), report.revenue(), "revenue is net");
        assertEquals(report.returnRate(), json.getDouble("returnRate"), 1e-12);
        assertEquals(report.orders(), json.getLong("orders"));
        assertEquals(report.customers(), json.getLong("customers"));
        assertEquals(report.averageBasket(), json.getObject("averageBasket", BigDecimal.class));
        assertEquals(report.promoUsageRate(), json.getDouble("promoUsageRate"), 1e-12);
        assertEquals(report.repeatPurchaseRate(), json.getDouble("repeatPurchaseRate"), 1e-12);
        assertEquals(report.revenueByCountry().get(0).country(), json.getString("revenueByCountry[0].country"));
        assertEquals(report.revenueByCountry().get(0).revenue(),
                json.getObject("revenueByCountry[0].revenue", BigDecimal.class));
        assertEquals(report.monthly().size(), json.getList("monthly").size());
        assertTrue(json.getString("monthly[0].month").matches("\\d{4}-\\d{2}"));
        assertEquals(report.monthly().get(3).newCustomers(), json.getLong("monthly[3].newCustomers"));
        assertEquals(report.topProducts().get(0).name(), json.getString("topProducts[0].name"));
        assertEquals(report.cohorts().size(), json.getList("cohorts").size());
    }

    @Test
    void filtersNarrowEveryFigure() {
        KpiReport all = kpis.report(KpiFilter.ALL);
        String country = all.revenueByCountry().get(0).country();
        JsonPath json = given().queryParam("country", country).queryParam("from", "2025-01-01")
                .queryParam("to", "2025-06-30").get("/api/kpis").then().statusCode(200).extract().jsonPath();
        assertEquals(1, json.getList("revenueByCountry").size());
        assertEquals(country, json.getString("revenueByCountry[0].country"));
        assertEquals(6, json.getList("monthly").size());
        assertEquals("2025-01", json.getString("monthly[0].month"));
        assertTrue(json.getLong("orders") < all.orders());
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        given().queryParam("from", "yesterday").get("/api/kpis").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"))
                .body("detail", containsString("'yesterday' is not an ISO date"));
        given().queryParam("from", "2025-06-01").queryParam("to", "2025-01-01").get("/api/kpis").then()
                .statusCode(400).body("errors.field", hasItem("from"));
        given().get("/api/kpis/nothing.csv").then().statusCode(400).body("errors[0].field", equalTo("table"));
        given().queryParam("from", "-2025-01-01").get("/api/kpis").then().statusCode(400)
                .body("detail", containsString("outside the years 0001 to 9999"));
        given().queryParam("from", "2025-13-01").get("/").then().statusCode(200)
                .body(containsString("is not an ISO date")).body(containsString("showing all orders instead"));
    }

    @Test
    void dashboardShowsFormattedFigures() {
        KpiReport report = kpis.report(KpiFilter.ALL);
        DecimalFormat money = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        given().get("/").then().statusCode(200)
                .body(containsString(money.format(report.revenue())))
                .body(containsString(money.format(report.grossRevenue())))
                .body(containsString(money.format(report.returns())))
                .body(containsString("id=\"definitions\""))
                .body(containsString(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US))
                        .format(report.orders())))
                .body(containsString(money.format(report.averageBasket())))
                .body(containsString(String.format(Locale.US, "%.1f%%", report.promoUsageRate() * 100)))
                .body(containsString(report.topProducts().get(0).name()))
                .body(containsString("data-chart="))
                .body(containsString("id=\"cohorts\""));
        given().queryParam("from", "2031-01-01").get("/").then().statusCode(200)
                .body(containsString("No orders match these filters"))
                .body(not(containsString("id=\"cohorts\"")));
    }

    @Test
    void csvDownloadsCarryTheSameNumbers() {
        KpiReport report = kpis.report(KpiFilter.ALL);
        String csv = given().get("/api/kpis/countries.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("country,revenue,orders,share,returns", lines[0]);
        assertTrue(lines[1].endsWith("," + report.revenueByCountry().get(0).returns().toPlainString()), lines[1]);
        assertEquals(report.revenueByCountry().size() + 1, lines.length);
        assertTrue(lines[1].startsWith(report.revenueByCountry().get(0).country() + ","
                + report.revenueByCountry().get(0).revenue().toPlainString() + ","));
    }
}
