package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** A profile of its own restarts the app on a new, empty embedded server: a true first start. */
@QuarkusTest
@TestProfile(FirstStartTest.Fresh.class)
@QuarkusTestResource(EmbeddedMongoResource.class)
class FirstStartTest {

    public static class Fresh implements QuarkusTestProfile {
    }

    @Test
    void anEmptyDatabaseGetsTheClassicShop() {
        Api.awaitReady();
        given().get("/api/dataset").then().statusCode(200)
                .body("status", equalTo("ready"))
                .body("version", equalTo(1))
                .body("source", equalTo("simulated"))
                .body("preset", equalTo("classic"))
                .body("seed", equalTo(42))
                .body("customers", equalTo(100))
                .body("products", equalTo(10))
                .body("orders", equalTo((int) Api.sales()));
        org.junit.jupiter.api.Assertions.assertEquals(2000, Api.sales(), 60, "classic: about 2,000 orders");
    }
}
