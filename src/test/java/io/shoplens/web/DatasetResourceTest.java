package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class DatasetResourceTest {

    @Test
    void regenerationWithAnotherSeedReplacesTheData() {
        long before = Api.awaitReady();
        long version = Api.regenerate("{\"customers\": 60, \"products\": 8, \"orders\": 900, \"seed\": 99,"
                + " \"days\": 365, \"asOf\": \"2025-06-30\"}");
        assertEquals(before + 1, version);
        JsonPath status = given().get("/api/dataset").then().statusCode(200).extract().jsonPath();
        assertEquals("simulated", status.getString("source"));
        assertEquals(99L, status.getLong("seed"));
        assertEquals("2025-06-30", status.getString("asOf"));
        assertEquals(60L, status.getLong("customers"));
        assertEquals(Customer.count(), status.getLong("customers"));
        assertEquals(Api.sales(), status.getLong("orders"));
        assertEquals(900, status.getLong("orders"), 20);
        String firstCustomer = Customer.<Customer>findById("C000001").email;

        Api.regenerate("{\"customers\": 60, \"products\": 8, \"orders\": 900, \"seed\": 100, \"days\": 365,"
                + " \"asOf\": \"2025-06-30\"}");
        assertNotEquals(firstCustomer, Customer.<Customer>findById("C000001").email);
        assertEquals(60, Customer.count());

        Api.regenerate("{\"customers\": 60, \"products\": 8, \"orders\": 900, \"seed\": 99, \"days\": 365,"
                + " \"asOf\": \"2025-06-30\"}");
        assertEquals(firstCustomer, Customer.<Customer>findById("C000001").email, "same seed, same data");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        long version = Api.awaitReady();
        long orders = Order.count();
        Api.admin().contentType("application/json")
                .body("{\"customers\": 0, \"orders\": 999999999999, \"preset\": \"huge\", \"asOf\": \"31/12/2025\"}")
                .post("/api/dataset").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("customers"))
                .body("errors.field", hasItem("orders"))
                .body("errors.field", hasItem("preset"))
                .body("errors.field", hasItem("asOf"))
                .body("detail", containsString("unknown preset 'huge'"));
        Api.admin().contentType("application/json").body("{\"customers\": \"many\"}")
                .post("/api/dataset").then().statusCode(400).body("errors[0].field", equalTo("customers"));
        Api.admin().contentType("application/json").body("{not json")
                .post("/api/dataset").then().statusCode(400).body("detail", containsString("not valid JSON"));
        assertEquals(version, Api.awaitReady());
        assertEquals(orders, Order.count());
    }

    @Test
    void writesNeedTheAdminPassword() {
        long version = Api.awaitReady();
        given().contentType("application/json").body("{\"preset\": \"classic\"}").post("/api/dataset")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        given().auth().preemptive().basic("admin", "wrong").contentType("application/json")
                .body("{\"preset\": \"classic\"}").post("/api/dataset").then().statusCode(401);
        given().auth().preemptive().basic("root", Api.ADMIN_PASSWORD).contentType("application/json")
                .body("{\"preset\": \"classic\"}").post("/api/dataset").then().statusCode(401);
        assertEquals(version, Api.awaitReady());
    }

    @Test
    void dataPageShowsTheDatasetAndItsFormGenerates() {
        long version = Api.awaitReady();
        given().get("/data").then().statusCode(200).body(containsString("id=\"dataset\""))
                .body(containsString(String.format("%,d", Api.sales())));
        Api.csrf().form(given()).formParam("preset", "classic").post("/data/generate").then().statusCode(401);
        Api.admin().formParam("preset", "classic").post("/data/generate").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("security token is missing"));
        assertEquals(version, Api.awaitReady());
        Api.adminForm().formParam("preset", "classic").formParam("orders", "lots").post("/data/generate").then()
                .statusCode(400).body(containsString("is not a whole number")).body(containsString("Nothing was changed"));
        assertEquals(version, Api.awaitReady());
        Api.adminForm().redirects().follow(false).formParam("preset", "classic").formParam("seed", "77")
                .formParam("asOf", "2025-05-31").post("/data/generate").then().statusCode(303);
        assertEquals(version + 1, Api.awaitReady());
        given().get("/api/dataset").then().body("seed", equalTo(77)).body("asOf", equalTo("2025-05-31"));
    }

    @Test
    void homePageShowsTheDatasetSummary() {
        Api.awaitReady();
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("customers"))
                .body(containsString("<nav>"));
    }
}
