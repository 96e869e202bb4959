package io.shoplens.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.frame.Frames;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiService;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** POST /api/import?mode=append adds a file's new invoices to the current dataset and skips the stored ones. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class ImportAppendTest {
    /** One invoice of online-retail.csv again, a new customer's invoice, and its partial cancellation. */
    private static final String APPENDED = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
            + "489434,85048,\"15CM CHRISTMAS GLASS BALL, 20 LIGHTS\",12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n"
            + "489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,United Kingdom\n"
            + "600001,22350,CAT BOWL ,4,2010-01-20 10:00:00,2.55,99001.0,Norway\n"
            + "600001,NEW01,BRAND NEW THING,1,2010-01-20 10:00:00,10.10,99001.0,Norway\n"
            + "C600002,NEW01,BRAND NEW THING,-1,2010-01-21 09:00:00,10.10,99001.0,Norway\n";

    @Inject
    KpiService kpis;
    @Inject
    Frames frames;

    @Test
    void newInvoicesAreAddedStoredOnesSkippedAndTheFiguresFollow() throws IOException {
        Api.awaitReady();
        long version = ImportResourceTest.post("online-retail.csv", java.util.Map.of()).statusCode(200).extract()
                .<Number>path("datasetVersion").longValue();
        awaitFrame(version, 0);
        KpiReport before = kpis.report(KpiFilter.ALL);

        Api.admin().contentType("text/csv").queryParam("mode", "append").queryParam("fileName", "new.csv")
                .body(APPENDED.getBytes(StandardCharsets.UTF_8)).post("/api/import").then().statusCode(200)
                .body("mode", equalTo("append")).body("appended", equalTo(2)).body("alreadyStored", equalTo(1))
                .body("returns", equalTo(1)).body("orders", equalTo((int) before.orders() + 1))
                .body("datasetVersion", equalTo((int) version));
        given().get("/api/dataset").then().body("version", equalTo((int) version))
                .body("orders", equalTo((int) before.orders() + 1)).body("returns", equalTo(2))
                .body("asOf", equalTo("2010-01-21")).body("fileName", equalTo("online-retail.csv"));

        awaitFrame(version, 2);
        KpiReport after = kpis.report(KpiFilter.ALL);
        assertEquals(before.grossRevenue().add(new BigDecimal("20.30")), after.grossRevenue(), "4×2.55 + 10.10");
        assertEquals(before.returns().add(new BigDecimal("10.10")), after.returns());
        assertEquals(before.revenue().add(new BigDecimal("10.20")), after.revenue());
        assertEquals(before.orders() + 1, after.orders());
        Api.awaitStatus("/api/customers/99001", 200);
        given().get("/api/customers/99001").then().statusCode(200).body("orders.id", hasItem("600001"));

        // The same file again: everything is stored already.
        Api.admin().contentType("text/csv").queryParam("mode", "append")
                .body(APPENDED.getBytes(StandardCharsets.UTF_8)).post("/api/import").then().statusCode(200)
                .body("appended", equalTo(0)).body("alreadyStored", equalTo(3))
                .body("orders", equalTo((int) before.orders() + 1));
        Api.admin().contentType("text/csv").queryParam("mode", "merge")
                .body(APPENDED.getBytes(StandardCharsets.UTF_8)).post("/api/import").then().statusCode(400)
                .body("errors.field", hasItem("mode"));
    }

    private void awaitFrame(long version, long appended) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            var frame = frames.current();
            if (frame.isPresent() && frame.get().version() == version && frame.get().appended() >= appended) {
                return;
            }
            Api.pause();
        }
        throw new AssertionError("the frame did not reach version " + version + ", append " + appended);
    }
}
