package io.shoplens.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiService;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class ImportResourceTest {

    @Inject
    KpiService kpis;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImportResourceTest.class.getResourceAsStream("/import/" + name)) {
            return in.readAllBytes();
        }
    }

    static ValidatableResponse post(String name, Map<String, String> params) throws IOException {
        return Api.admin().contentType("text/csv").queryParams(params).queryParam("fileName", name)
                .body(fixture(name)).post("/api/import").then();
    }

    @Test
    void onlineRetailFileBecomesTheDataset() throws IOException {
        Api.awaitReady();
        post("online-retail.csv", Map.of()).statusCode(200)
                .body("imported", equalTo(true))
                .body("format", equalTo("online-retail"))
                .body("linesRead", equalTo(7))
                .body("linesImported", equalTo(6))
                .body("returnLines", equalTo(1))
                .body("returns", equalTo(1))
                .body("skipped.cancellation", nullValue())
                .body("skipped.'no customer id'", equalTo(1))
                .body("orders", equalTo(4))
                .body("customers", equalTo(3))
                .body("products", equalTo(6));
        given().get("/api/dataset").then().body("source", equalTo("imported"))
                .body("fileName", equalTo("online-retail.csv")).body("asOf", equalTo("2010-01-15"))
                .body("orders", equalTo(4)).body("returns", equalTo(1));
        KpiReport report = kpis.report(KpiFilter.ALL);
        assertEquals(new BigDecimal("281.94"), report.grossRevenue(),
                "12×6.95 + 12×6.75 + 12×2.55 + 10×5.95 + 28×0.98");
        assertEquals(new BigDecimal("35.40"), report.returns(), "the C invoice: 12×2.95");
        assertEquals(new BigDecimal("246.54"), report.revenue());
        assertEquals(4, report.orders());
        assertEquals(2, report.customers());
        assertEquals(new BigDecimal("61.64"), report.averageBasket(), "246.54 / 4 = 61.635, half up");
        Order first = Order.findById("489434");
        assertEquals("15CM CHRISTMAS GLASS BALL, 20 LIGHTS", first.lines.get(0).productName, "quoted comma kept");
        assertEquals("13085", first.customerId, "spreadsheet float id normalised");
        given().get("/api/segments").then().statusCode(200).body("agreement", nullValue());
        given().get("/segments").then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("id=\"truth\"")));
    }

    /**
     * The returns fixture: a full cancellation (536366 by C536367), a partial one (4 of 24 pink clocks), a
     * cancellation of an order from before the file (15311's ducks, dated the day before the first sale), a customer
     * whose only invoice is a cancellation (16321), postage on two invoices and a manual discount (D). Every figure
     * is computed by hand from the file's lines.
     */
    @Test
    void cancellationsAreNettedToTheCent() throws IOException {
        Api.awaitReady();
        post("online-retail-returns.csv", Map.of()).statusCode(200)
                .body("linesRead", equalTo(14)).body("linesImported", equalTo(13))
                .body("returnLines", equalTo(5)).body("returns", equalTo(5))
                .body("orders", equalTo(4)).body("customers", equalTo(4)).body("products", equalTo(9));
        KpiReport r = kpis.report(KpiFilter.ALL);
        // Sales: 536365 15.30 + 20.34 + 18.00 = 53.64; 536366 3.70; 536370 90 + 90 + 15 = 195.00; 536384 13.95.
        assertEquals(new BigDecimal("266.29"), r.grossRevenue());
        // Returns: 4.65 (ducks) + 3.70 (hand warmers) + 15.00 (4 clocks) + 5.00 (discount) + 35.40 (bunting).
        assertEquals(new BigDecimal("63.75"), r.returns());
        assertEquals(new BigDecimal("202.54"), r.revenue());
        assertEquals(63.75 / 266.29, r.returnRate(), 1e-12);
        assertEquals(5, r.returnCount());
        assertEquals(4, r.orders(), "cancellation invoices are not orders");
        assertEquals(3, r.customers(), "16321 never bought");
        assertEquals(new BigDecimal("50.64"), r.averageBasket(), "202.54 / 4 = 50.635, half up");

        assertEquals(List.of("2010-11", "2010-12", "2011-01"), r.monthly().stream().map(KpiReport.MonthlyKpi::month)
                .toList(), "a month with only a return is a month of the report");
        assertEquals(List.of("-4.65", "228.64", "-21.45"), r.monthly().stream().map(m -> m.revenue().toPlainString())
                .toList(), "252.34 - 23.70 in December; 13.95 - 35.40 in January");
        assertEquals(List.of("0.00", "252.34", "13.95"), r.monthly().stream()
                .map(m -> m.grossRevenue().toPlainString()).toList());
        assertEquals(List.of(0L, 3L, 1L), r.monthly().stream().map(KpiReport.MonthlyKpi::orders).toList());

        Map<String, String> byCountry = r.revenueByCountry().stream().collect(java.util.stream.Collectors.toMap(
                KpiReport.CountryRevenue::country, c -> c.revenue() + "/" + c.returns() + "/" + c.orders()));
        assertEquals(Map.of("France", "175.00/20.00/1", "United Kingdom", "62.94/8.35/3", "Australia",
                "-35.40/35.40/0"), byCountry);

        assertEquals(List.of("22727 90.00 24 0", "22728 75.00 20 4", "71053 20.34 6 0", "85123A 15.30 6 0",
                "35004C 9.30 2 1", "22633 0.00 0 2", "22087 -35.40 -12 12"), r.topProducts().stream()
                        .map(p -> p.productId() + " " + p.revenue() + " " + p.units() + " " + p.returnedUnits())
                        .toList(), "net revenue, net units, returned units; postage and the discount are not goods");
        assertEquals(List.of("POST 33.00 2", "D -5.00 1"), r.fees().stream()
                .map(f -> f.productId() + " " + f.amount() + " " + f.lines()).toList());

        KpiReport december = kpis.report(KpiFilter.parse("2010-12-01", "2010-12-31", "France"));
        assertEquals(new BigDecimal("195.00"), december.grossRevenue());
        assertEquals(new BigDecimal("20.00"), december.returns());
        assertEquals(new BigDecimal("175.00"), december.revenue());

        // Customers' revenue is net: 53.64 + 3.70 - 3.70; 195.00 - 20.00; 13.95 - 4.65.
        given().get("/api/customers/17850").then().statusCode(200).body("customer.revenue", equalTo(53.64f))
                .body("customer.orders", equalTo(2)).body("orders.size()", equalTo(3))
                .body("orders[2].total", equalTo(-3.70f));
        given().get("/api/customers/12583").then().body("customer.revenue", equalTo(175.0f));
        given().get("/api/customers/15311").then().body("customer.revenue", equalTo(9.3f))
                .body("customer.orders", equalTo(1));
        given().get("/api/customers/16321").then().statusCode(200).body("customer.orders", equalTo(0))
                .body("orders[0].id", equalTo("C536390"));
        given().get("/").then().statusCode(200).body(containsString("id=\"fees\""))
                .body(containsString("202.54"));
    }

    @Test
    void withReturnsOffCancellationsAreSkippedAsBefore() throws IOException {
        Api.awaitReady();
        post("online-retail-returns.csv", Map.of("returns", "false")).statusCode(200)
                .body("skipped.cancellation", equalTo(5)).body("returnLines", equalTo(0))
                .body("returns", equalTo(0));
        KpiReport r = kpis.report(KpiFilter.ALL);
        assertEquals(new BigDecimal("266.29"), r.revenue());
        assertEquals(new BigDecimal("0.00"), r.returns());
    }

    @Test
    void genericNegativeLinesAreReturnsOnlyWhenAskedFor() {
        String csv = "order,customer,date,product,quantity,price\n"
                + "1,A,2025-01-02,P1,3,10.00\n"
                + "R1,A,2025-01-09,P1,-1,10.00\n"
                + "2,B,2025-01-05,P2,1,4.50\n";
        long version = Api.awaitReady();
        Api.admin().contentType("text/csv").body(csv).post("/api/import").then().statusCode(400)
                .body(containsString("returns=true"));
        assertEquals(version, Api.awaitReady(), "refused: nothing changed");
        Api.admin().contentType("text/csv").queryParam("returns", "true").body(csv).post("/api/import").then()
                .statusCode(200).body("returns", equalTo(1)).body("orders", equalTo(2));
        KpiReport r = kpis.report(KpiFilter.ALL);
        assertEquals(new BigDecimal("34.50"), r.grossRevenue());
        assertEquals(new BigDecimal("10.00"), r.returns());
        assertEquals(new BigDecimal("24.50"), r.revenue());
        String amounts = "customer,date,amount\nA,2025-01-02,30.00\nA,2025-01-09,-12.50\n";
        Api.admin().contentType("text/csv").queryParam("returns", "yes").body(amounts).post("/api/import").then()
                .statusCode(200).body("returns", equalTo(1));
        assertEquals(new BigDecimal("17.50"), kpis.report(KpiFilter.ALL).revenue(), "a negative amount is a return");
        Api.admin().contentType("text/csv").queryParam("returns", "maybe").body(amounts).post("/api/import").then()
                .statusCode(400).body("errors[0].field", equalTo("returns"));
    }

    @Test
    void olderHeadersAndUsDates() throws IOException {
        Api.awaitReady();
        post("online-retail-old.csv", Map.of()).statusCode(200).body("orders", equalTo(3))
                .body("customers", equalTo(2));
        assertEquals(new BigDecimal("100.82"), kpis.report(KpiFilter.ALL).revenue());
        given().get("/api/dataset").then().body("firstOrderDate", equalTo("2010-12-01T08:26:00Z"));
    }

    @Test
    void genericLayoutWithMappingOptions() throws IOException {
        Api.awaitReady();
        post("generic-semicolon.csv", Map.of("delimiter", "semicolon", "decimal", "comma", "dateFormat",
                "dd/MM/yyyy HH:mm", "customer", "client")).statusCode(200).body("format", equalTo("generic"))
                .body("orders", equalTo(3)).body("customers", equalTo(2));
        KpiReport report = kpis.report(KpiFilter.ALL);
        assertEquals(new BigDecimal("145.00"), report.revenue());
        assertEquals(1.0 / 3, report.promoUsageRate(), 1e-12);
        assertEquals(2, report.revenueByCountry().size());
    }

    @Test
    void badFilesAreRefusedByLineAndColumnAndChangeNothing() throws IOException {
        long version = Api.awaitReady();
        long orders = Order.count();
        post("bad-dates.csv", Map.of()).statusCode(400).contentType("application/problem+json")
                .body("errorCount", equalTo(2))
                .body("errors.field", hasItem("line 3, column 2 (date)"))
                .body("errors.field", hasItem("line 4, column 2 (date)"))
                .body("errors[0].message", containsString("'yesterday' is not a date"));
        post("negative-price.csv", Map.of()).statusCode(400)
                .body("errors[0].field", equalTo("line 2, column 6 (price)"))
                .body("errors[0].message", containsString("must not be negative"));
        post("empty.csv", Map.of()).statusCode(400).body("errors[0].field", equalTo("file"))
                .body("detail", containsString("empty"));
        post("header-only.csv", Map.of()).statusCode(400).body("detail", containsString("no data lines"));
        post("truncated.csv", Map.of()).statusCode(400).body("errors[0].field", containsString("line 3"))
                .body("errors[0].message", containsString("not closed"));
        Api.admin().contentType("text/csv").queryParam("delimiter", "colon").body("a,b\n1,2\n").post("/api/import")
                .then().statusCode(400).body("errors[0].field", equalTo("delimiter"));
        given().contentType("text/csv").body(fixture("online-retail.csv")).post("/api/import").then().statusCode(401);
        assertEquals(version, Api.awaitReady());
        assertEquals(orders, Order.count());
        given().get("/api/dataset").then().body("lastFailure.kind", equalTo("import"));
    }

    @Test
    void skipInvalidImportsTheRestAndSaysWhy() throws IOException {
        Api.awaitReady();
        post("bad-dates.csv", Map.of("skipInvalid", "true")).statusCode(200).body("orders", equalTo(1))
                .body("skipped.invalid", equalTo(2)).body("errorCount", equalTo(2));
    }

    @Test
    void multipartUploadWorksToo() throws IOException {
        Api.awaitReady();
        Api.admin().multiPart("file", "retail.csv", fixture("online-retail.csv"), "text/csv").post("/api/import")
                .then().statusCode(400).contentType(containsString("problem+json"))
                .body("detail", containsString("security token"));
        Api.adminMultipart().multiPart("file", "retail.csv", fixture("online-retail.csv"), "text/csv")
                .post("/api/import").then().statusCode(200).body("fileName", equalTo("retail.csv")).body("orders", equalTo(4));
    }

    @Test
    void theDataPageFormImportsAndShowsErrors() throws IOException {
        long version = Api.awaitReady();
        Api.adminMultipart().multiPart("file", "bad.csv", fixture("negative-price.csv"), "text/csv")
                .post("/data/import")
                .then().statusCode(400).body(containsString("must not be negative"))
                .body(containsString("Nothing was changed"));
        assertEquals(version, Api.awaitReady());
        Api.adminMultipart().redirects().follow(false)
                .multiPart("file", "retail.csv", fixture("online-retail.csv"), "text/csv")
                .post("/data/import").then().statusCode(303);
        given().get("/data").then().statusCode(200).body(containsString("retail.csv"))
                .body(containsString("id=\"import\""));
    }

    @Test
    void exportThenImportGivesTheSameKpis() throws IOException {
        Api.awaitReady();
        Api.regenerate("{\"customers\": 120, \"products\": 15, \"orders\": 1500, \"seed\": 4, \"days\": 300,"
                + " \"asOf\": \"2025-03-31\"}");
        KpiReport before = kpis.report(KpiFilter.ALL);
        byte[] csv = given().get("/api/orders.csv").then().statusCode(200).extract().asByteArray();
        assertTrue(before.returnCount() > 0, "the simulated shop has returns to carry over");
        Api.admin().contentType("text/csv").body(csv).post("/api/import").then().statusCode(400)
                .body(containsString("returns=true"));
        JsonPath imported = Api.admin().contentType("text/csv").queryParam("fileName", "orders.csv")
                .queryParam("returns", "true").body(csv)
                .post("/api/import").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertEquals("generic", imported.getString("format"));
        KpiReport after = kpis.report(KpiFilter.ALL);
        assertEquals(before.revenue(), after.revenue());
        assertEquals(before.grossRevenue(), after.grossRevenue());
        assertEquals(before.returns(), after.returns());
        assertEquals(before.returnCount(), after.returnCount());
        assertEquals(before.orders(), after.orders());
        assertEquals(before.customers(), after.customers());
        assertEquals(before.totalDiscount(), after.totalDiscount());
        assertEquals(before.promoUsageRate(), after.promoUsageRate(), 1e-12);
        assertEquals(before.monthly(), after.monthly());
        assertEquals(before.topProducts().stream().map(KpiReport.ProductSales::revenue).toList(),
                after.topProducts().stream().map(KpiReport.ProductSales::revenue).toList());
    }
}
