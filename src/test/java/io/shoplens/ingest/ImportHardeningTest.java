package io.shoplens.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * Amounts the analysis cannot hold were stored, and every frame of that dataset then failed (an ERROR each second,
     * and after a restart no analysis at all); 1e308 failed inside MongoDB (a 500). A discount above its line made
     * the revenue negative. Each is now refused by its line, in both modes, and the served dataset stays.
     */
    @Test
    void amountsTheAnalysisCannotHoldAreRefusedByLine() {
        long version = Api.awaitReady();
        long orders = Order.count();
        String file = "customer,date,amount,product,discount\nA,2025-01-02,10.00,p,0\nB,2025-01-02,1e20,p,0\n"
                + "C,2025-01-02,1e308,p,0\nE,2025-01-02,999999999.99,p,0\n";
        // An order's discount may stand on any of its lines (the export puts it on the first), so it is checked
        // against the order's lines once they are grouped.
        String discounted = "order,customer,date,amount,product,discount\n1,A,2025-01-02,10.00,p,0\n"
                + "2,D,2025-01-02,10.00,p,50\n3,F,2025-01-02,3.00,p,5\n3,F,2025-01-02,7.00,q,0\n";
        for (String mode : new String[] { "replace", "append" }) {
            Api.admin().contentType("text/csv").queryParam("mode", mode).body(file).post("/api/import").then()
                    .statusCode(400)
                    .body("errorCount", equalTo(2))
                    .body("errors.field", hasItem("line 3, column 3 (amount)"))
                    .body("errors.field", hasItem("line 4, column 3 (amount)"))
                    .body("errors.message", hasItem(containsString("the line comes to more than 999,999,999.99")));
            Api.admin().contentType("text/csv").queryParam("mode", mode).body(discounted).post("/api/import").then()
                    .statusCode(400)
                    .body("errors", org.hamcrest.Matchers.hasSize(1))
                    .body("errors[0].field", equalTo("order '2'"))
                    .body("errors[0].message", containsString("discounts add up to 50.00, more than its lines sold"
                            + " (10.00)"));
        }
        Api.admin().contentType("text/csv").body("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,"
                + "Country\n1,A,a,2,2025-01-02 10:00:00,1e30,7,UK\n").post("/api/import").then().statusCode(400)
                .body("errors[0].message", containsString("the line comes to more than 999,999,999.99 ('2 × 1e30')"));
        assertEquals(version, Api.awaitReady());
        assertEquals(orders, Order.count());
        given().get("/api/kpis").then().statusCode(200);
    }

    /** An upload cut off before its closing boundary was Quarkus's plain-text 500: now problem JSON, nothing changed. */
    @Test
    void aTruncatedUploadIsA400() {
        long version = Api.awaitReady();
        Api.admin().contentType("multipart/form-data; boundary=xx").body("--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/import").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("could not be read as a form or a file upload"));
        assertEquals(version, Api.awaitReady());
    }

    @Test
    void aFileNameLongerThan255CharactersIsA400() {
        long version = Api.awaitReady();
        Api.admin().contentType("text/csv").queryParam("fileName", "L".repeat(256)).body(HEADER + "A,2025-01-02,1.00,p\n")
                .post("/api/import").then().statusCode(400).body("errors[0].field", equalTo("fileName"));
        assertEquals(version, Api.awaitReady());
    }

    /** A file of cancellations only has no sales order to serve: a 400 saying so (it was a 500), nothing changed. */
    @Test
    void aFileOfReturnsOnlyIsA400() {
        long version = Api.awaitReady();
        Api.admin().contentType("text/csv").body("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,"
                + "Customer ID,Country\nC1,X,y,-1,2025-01-01 00:00:00,1,5,UK\n").post("/api/import").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("orders"))
                .body("errors[0].message", containsString("no sales orders"));
        assertEquals(version, Api.awaitReady());
    }

    /** Orders without a country are one row of their own, labelled as such (it read "null"). */
    @Test
    void ordersWithoutACountryAreLabelledSo() {
        long version = Api.awaitReady();
        post(HEADER + "A,2025-01-02,10.00,p\nB,2025-01-03,5.00,p\n").statusCode(200);
        assertEquals(version + 1, Api.awaitReady());
        given().get("/api/kpis").then().statusCode(200)
                .body("revenueByCountry.country", org.hamcrest.Matchers.contains("(no country)"))
                .body("revenueByCountry[0].revenue", equalTo(15.0f));
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
        Api.admin().contentType("text/csv").queryParam("format", longDate.substring(0, 2000)).body("a\n")
                .post("/api/import").then()
                .statusCode(400).body("errors[0].field", equalTo("format"))
                .body("errors[0].message.length()", lessThan(200));
    }

    @Test
    void formulasAreNeutralisedInDownloadsAndTheExportImportsBackUnchanged() {
        Api.awaitReady();
        post("order,customer,date,amount,product,product_name,country,promo\n"
                + "O1,=CMD|' /C calc'!A0,2025-01-02,10.00,P1,"
                + "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+SUM(A1),@evil\n"
                + "O2,'quoted,2025-01-03,5.00,-P2,'=already,France,\n").statusCode(200).body("orders", equalTo(2));
        String export = given().get("/api/orders.csv").then().statusCode(200).extract().asString();
        assertTrue(export.contains("O1,'=CMD|' /C calc'!A0,2025-01-02T00:00:00Z,P1,"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,10.00,'+SUM(A1),'@evil,0.00"), export);
        // An apostrophe before a formula character is the spreadsheet's text prefix, so the importer drops it.
        assertTrue(export.contains("O2,''quoted,2025-01-03T00:00:00Z,'-P2,'=already,1,5.00,France,,0.00"), export);
        given().get("/api/kpis/products.csv").then().statusCode(200)
                .body(containsString("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
                .body(containsString("'-P2"));
        given().get("/api/kpis/countries.csv").then().body(containsString("'+SUM(A1),10.00,1,"));
        given().get("/api/kpis/promo-codes.csv").then().body(containsString("'@evil,1,10.00,0.00"));

        post(export).statusCode(200).body("orders", equalTo(2));
        Order first = Order.findById("O1");
        assertEquals("=CMD|' /C calc'!A0", first.customerId);
        assertEquals("=HYPERLINK(\"http://x\",\"y\")", first.lines.get(0).productName);
        assertEquals("+SUM(A1)", first.country);
        assertEquals("@evil", first.promoCode);
        Order second = Order.findById("O2");
        assertEquals("'quoted", second.customerId, "an apostrophe before other text is kept");
        assertEquals("=already", second.lines.get(0).productName);
        assertEquals("-P2", second.lines.get(0).productId);
        assertEquals(export, given().get("/api/orders.csv").then().extract().asString(), "the round trip is exact");
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorOfTheirLine() {
        long version = Api.awaitReady();
        byte[] good = (HEADER + "A,2025-01-02,10.00,Zürich\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = "B,2025-01-03,5.00,Z\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = ByteBuffer.allocate(good.length + bad.length).put(good).put(bad).array();
        Api.admin().contentType("text/csv").body(body).post("/api/import").then().statusCode(400)
                .body("errors[0].field", equalTo("line 3 (line)"))
                .body("errors[0].message", containsString("not valid UTF-8"));
        assertEquals(version, Api.awaitReady());
    }

    @Test
    void validUtf8IsReadWholeAcrossBufferBoundaries() {
        Api.awaitReady();
        // 30,000 lines of two- to four-byte characters put characters across every 64 KB read.
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 30_000; i++) {
            csv.append("C").append(i % 50).append(",2025-01-02,1.00,Zürich € \uD83D\uDE00 ").append(i % 7)
                    .append('\n');
        }
        Api.admin().contentType("text/csv").body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/import").then().statusCode(200).body("linesImported", equalTo(30_000));
        assertEquals("Zürich € \uD83D\uDE00 3", Order.<Order>findAll().firstResult().lines.stream()
                .filter(l -> l.productId.endsWith("3")).findFirst().orElseThrow().productName);
    }

    @Test
    void aMappingToAColumnThatDoesNotExistIsA400NamingIt() {
        long version = Api.awaitReady();
        Api.admin().contentType("text/csv").queryParam("format", "generic").queryParam("customer", "999")
                .body(HEADER + "A,2025-01-02,10.00,p\n").post("/api/import").then().statusCode(400)
                .body("errors[0].field", equalTo("customer"))
                .body("errors[0].message", containsString("the header has 4 columns"));
        Api.admin().contentType("text/csv").queryParam("amount", "total")
                .body(HEADER + "A,2025-01-02,10.00,p\n").post("/api/import").then().statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        assertEquals(version, Api.awaitReady());
    }
}
