package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class CustomerLinksTest {

    @Test
    void customerLinksEncodeTheIdAsOnePathSegment() {
        Api.awaitReady();
        Api.admin().contentType("text/csv").body("customer,date,amount\n../../etc,2025-01-02,10.00\n"
                + "a b?c#d&e,2025-01-03,5.00\n").post("/api/import").then().statusCode(200);
        Api.awaitReady();
        given().get("/customers").then().statusCode(200)
                .body(containsString("href=\"/customers/..%2F..%2Fetc\""))
                .body(containsString("href=\"/customers/a%20b%3Fc%23d%26e\""))
                .body(not(containsString("href=\"/customers/../")));
        given().urlEncodingEnabled(false).get("/api/customers/a%20b%3Fc%23d%26e").then().statusCode(200)
                .body("customer.id", equalTo("a b?c#d&e"));
        given().get("/customers?q=" + "a%26b&page=0").then().statusCode(200);
    }

    @Test
    void aPageBeyondTheLastOffsetIsA400() {
        Api.awaitReady();
        given().get("/api/customers?page=2147483647&size=200").then().statusCode(400)
                .body("errors[0].field", equalTo("page"))
                .body("errors[0].message", equalTo("must be between 0 and 10737418 at size 200, was 2147483647"));
        given().get("/api/customers?page=10737418&size=200").then().statusCode(200)
                .body("customers.size()", equalTo(0));
    }
}
