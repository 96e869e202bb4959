package io.shoplens.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** Files that used to be taken or crash the import: each is refused by line, and the served dataset stays. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class ImportHardeningTest {
    static final String HEADER = "customer,date,amount,product\n";

    static ValidatableResponse post(String csv) {
        return Api.admin().contentType("text/csv").body(csv).post("/api/import").then();
    }

    @Test
    void orderDatesOutsideTheWindowAreRefusedByLineAndColumn() {
        long version = Api.awaitReady();
        long orders = Order.count();
        String tooLate = LocalDate.now(ZoneOffset.UTC).plusYears(1).plusDays(2).toString();
        post(HEADER + "A,2025-01-02,10.00,p\nB,0001-01-01,10.00,p\nC,9999-12-31,5.00,p\nD," + tooLate + ",1.00,p\n"
                + "E,1989-12-31,1.00,p\n")
                .statusCode(400).contentType("application/problem+json")
                .body("errorCount", equalTo(4))
                .body("errors.field", hasItem("line 3, column 2 (date)"))
                .body("errors.field", hasItem("line 4, column 2 (date)"))
                .body("errors.field", hasItem("line 5, column 2 (date)"))
                .body("errors.field", hasItem("line 6, column 2 (date)"))
                .body("errors[0].message", containsString("outside the accepted dates, 1990-01-01 to"));
        assertEquals(version, Api.awaitReady());
        assertEquals(orders, Order.count());
        given().get("/api/kpis").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }

    @Test
    void aHugeLineIsA400NamingTheLine() {
        long version = Api.awaitReady();
        // 2 MB on one line, 200 times the documented limit of 10,000 characters.
        String huge = "X".repeat(2_000_000);
        post(HEADER + "A,2025-01-02,10.00,p\nB,2025-01-03,1.00," + huge + "\nC,2025-01-04,2.00,p\n")
                .statusCode(400)
                .body("errorCount", equalTo(1))
                .body("errors[0].field", equalTo("line 3 (line)"))
                .body("errors[0].message", containsString("longer than the limit of 10000 characters"))
                .body("detail", containsString("1 invalid line"));
        post(HEADER + "A,2025-01-02,10.00,p\nB,2025-01-03,1.00,\"" + "Y".repeat(5000) + "\"\n")
                .statusCode(400).body("errors[0].field", equalTo("line 3 (line)"))
                .body("errors[0].message", containsString("a field is longer than the limit of 1000 characters"));
        assertEquals(version, Api.awaitReady());
        // With skipInvalid the reader goes on after the long line: the lines before and after it are imported.
        Api.admin().contentType("text/csv").queryParam("skipInvalid", "true")
                .body(HEADER + "A,2025-01-02,10.00,p\nB,2025-01-03,1.00," + huge + "\nC,2025-01-04,2.00,p\n")
                .post("/api/import").then().statusCode(200)
                .body("orders", equalTo(2)).body("skipped.invalid", equalTo(1));
        assertEquals(version + 1, Api.awaitReady());
    }

    @Test
    void aBadValueIsQuotedByAShortPrefixOnly() {
        Api.awaitReady();
        String longDate = "7".repeat(100_000);
        String body = post(HEADER + "A," + longDate.substring(0, 900) + ",10.00,p\n").statusCode(400)
                .body("errors[0].message", containsString("'7777777777777777777777777777777777777777…' (900"
                        + " characters) is not a date"))
                .extract().asString();
        assertEquals(-1, body.indexOf("7".repeat(41)), "no more than 40 characters of the value come back");
        Api.admin().contentType("text/csv").queryParam("format", longDate.substring(0, 2000)).body("a\n").post("/api/import").then()
                .statusCode(400).body("errors[0].field", equalTo("format"))
                .body("errors[0].message.length()", lessThan(200));
    }
}
