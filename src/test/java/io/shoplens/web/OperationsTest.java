package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** What an operator relies on: health, metrics, the API description, security headers, escaping, error pages. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class OperationsTest {

    @Test
    void healthSaysMongoDbAndTheChurnModel() {
        Api.awaitReady();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        List<String> names = ready.getList("checks.name");
        assertTrue(names.contains("MongoDB connection health check"), names.toString());
        assertTrue(names.contains("churn model"), names.toString());
        assertEquals("UP", ready.getString("checks.find { it.name == 'MongoDB connection health check' }.status"));
    }

    @Test
    void metricsShowTheDatasetJobsAndHttpRequests() {
        Api.awaitReady();
        given().get("/api/kpis").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(Order.count(), (long) metric(metrics, "shoplens_dataset_orders"));
        assertTrue(metric(metrics, "shoplens_dataset_job_seconds_count{kind=\"generation\",outcome=\"success\"}") >= 1,
                "generations are timed");
        assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                + "status=\"200\",uri=\"/api/kpis\"}"), "HTTP metrics by URI template");
        assertTrue(metrics.contains("shoplens_churn_model_roc_auc"));
        assertTrue(metrics.contains("shoplens_churn_predictions"));
    }

    static double metric(String exposition, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertTrue(m.find(), series + " not exposed");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void openApiDescribesEveryApiEndpointWithItsErrors() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        for (String path : List.of("/api/dataset", "/api/kpis", "/api/kpis/{table}.csv", "/api/segments",
                "/api/customers", "/api/customers/{id}", "/api/churn/model", "/api/churn/predictions",
                "/api/churn/retrain", "/api/import", "/api/orders.csv", "/api/clv")) {
            assertTrue(paths.containsKey(path), path + " described");
        }
        assertFalse(paths.containsKey("/churn"), "HTML pages are not part of the API description");
        assertEquals("#/components/responses/busy",
                doc.getString("paths.'/api/dataset'.post.responses.'409'.'$ref'"));
        assertEquals("#/components/responses/unauthenticated",
                doc.getString("paths.'/api/churn/retrain'.post.responses.'401'.'$ref'"));
        assertTrue(doc.getMap("paths.'/api/kpis'.get.responses").containsKey("200"));
        assertEquals(List.of("country", "from", "to"), doc.getList("paths.'/api/kpis'.get.parameters.name"));
        assertEquals("#/components/schemas/Problem",
                doc.getString("components.responses.unavailable.content.'application/problem+json'.schema.'$ref'"));
    }

    @Test
    void pagesAndAssetsCarrySecurityHeadersAndNoInlineCode() {
        Api.awaitReady();
        for (String url : List.of("/", "/segments", "/churn", "/clv", "/customers", "/data", "/css/shoplens.css")) {
            Response response = given().get(url);
            assertEquals(200, response.statusCode(), url);
            String csp = response.header("Content-Security-Policy");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'")
                    && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), url + ": " + csp);
            assertEquals("nosniff", response.header("X-Content-Type-Options"), url);
            if (url.endsWith(".css")) {
                continue;
            }
            String html = response.asString();
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), url + " has inline script");
            assertFalse(html.contains(" style=\""), url + " has an inline style, which the policy would block");
        }
    }

    @Test
    void importedTextIsEscapedEverywhere() {
        Api.awaitReady();
        String evil = "<script>alert(1)</script>";
        String csv = "customer_id,order_id,date,quantity,unit_price,country,product,product_name\n"
                + "\"" + evil + "\",o1,2025-01-05,1,10.00,France,p1,\"" + evil + "\"\n"
                + "c2,o2,2025-02-05,2,5.00,\"" + evil + "\",p1,\"" + evil + "\"\n";
        Api.admin().contentType("text/csv").body(csv).post("/api/import").then().statusCode(200)
                .body("orders", equalTo(2));
        for (String url : List.of("/", "/customers", "/customers?q=alert", "/segments")) {
            given().get(url).then().statusCode(200).body(not(containsString(evil)));
        }
        given().get("/").then().body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"));
        given().get("/customers").then().body(containsString("&lt;script&gt;"));
        given().get("/api/customers").then().body("customers.id", hasItem(evil));
        Api.regenerate("{\"preset\": \"classic\"}");
    }

    @Test
    void errorsSayWhatWentWrongWithoutInternals() {
        given().get("/no-such-page").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("There is no page at /no-such-page")).body(containsString("<nav>"));
        given().get("/api/customers/no-such-customer").then().statusCode(404)
                .contentType(containsString("application/problem+json")).body("status", equalTo(404))
                .body(not(containsString("Exception")));
    }
}
