package io.shoplens.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
                .body("linesImported", equalTo(5))
                .body("skipped.cancellation", equalTo(1))
                .body("skipped.'no customer id'", equalTo(1))
                .body("orders", equalTo(4))
                .body("customers", equalTo(2))
                .body("products", equalTo(5));
        given().get("/api/dataset").then().body("source", equalTo("imported"))
                .body("fileName", equalTo("online-retail.csv")).body("asOf", equalTo("2010-01-15"))
                .body("orders", equalTo(4));
        KpiReport report = kpis.report(KpiFilter.ALL);
        assertEquals(new BigDecimal("281.94"), report.revenue(), "12×6.95 + 12×6.75 + 12×2.55 + 10×5.95 + 28×0.98");
        assertEquals(4, report.orders());
        assertEquals(2, report.customers());
        assertEquals(new BigDecimal("70.49"), report.averageBasket());
        Order first = Order.findById("489434");
        assertEquals("15CM CHRISTMAS GLASS BALL, 20 LIGHTS", first.lines.get(0).productName, "quoted comma kept");
        assertEquals("13085", first.customerId, "spreadsheet float id normalised");
        given().get("/api/segments").then().statusCode(200).body("agreement", nullValue());
        given().get("/segments").then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("id=\"truth\"")));
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
        JsonPath imported = Api.admin().contentType("text/csv").queryParam("fileName", "orders.csv").body(csv)
                .post("/api/import").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertEquals("generic", imported.getString("format"));
        KpiReport after = kpis.report(KpiFilter.ALL);
        assertEquals(before.revenue(), after.revenue());
        assertEquals(before.orders(), after.orders());
        assertEquals(before.customers(), after.customers());
        assertEquals(before.totalDiscount(), after.totalDiscount());
        assertEquals(before.promoUsageRate(), after.promoUsageRate(), 1e-12);
        assertEquals(before.monthly(), after.monthly());
        assertEquals(before.topProducts().stream().map(KpiReport.ProductSales::revenue).toList(),
                after.topProducts().stream().map(KpiReport.ProductSales::revenue).toList());
    }
}
