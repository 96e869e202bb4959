package io.shoplens.frame;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * A dataset whose frame would exceed shoplens.frame.max-bytes: the data is stored, the analysis is refused with what
 * to do, pages say so in a banner, the API answers 503 with the reason, and readiness is DOWN.
 */
@QuarkusTest
@TestProfile(FrameLimitTest.TinyFrames.class)
@QuarkusTestResource(EmbeddedMongoResource.class)
class FrameLimitTest {
    public static class TinyFrames implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shoplens.frame.max-bytes", "50000");
        }
    }

    @Test
    void aDatasetTooLargeForTheFrameIsServedAsDataButNotAnalysed() {
        long version = Api.awaitReady();
        given().get("/api/kpis").then().statusCode(503).header("Retry-After", "2")
                .contentType(containsString("application/problem+json"))
                .body("title", equalTo("Analysis not ready"))
                .body("detail", containsString("shoplens.frame.max-bytes"));
        given().get("/").then().statusCode(200)
                .body(containsString("could not be prepared"))
                .body(containsString("shoplens.frame.max-bytes"));
        given().get("/customers").then().statusCode(200).body(containsString("class=\"notice preparing\""));
        given().get("/api/dataset").then().statusCode(200).body("version", equalTo((int) version));
        given().get("/q/health/ready").then().statusCode(503)
                .body(containsString("shoplens.frame.max-bytes"));
    }
}
