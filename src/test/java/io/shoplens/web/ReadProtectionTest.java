package io.shoplens.web;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** With shoplens.admin.protect-reads, reading needs the login too; health and metrics stay open for the cluster. */
@QuarkusTest
@TestProfile(ReadProtectionTest.ProtectedReads.class)
@QuarkusTestResource(EmbeddedMongoResource.class)
class ReadProtectionTest {

    public static class ProtectedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shoplens.admin.protect-reads", "true");
        }
    }

    @Test
    void pagesAndApiNeedTheLoginButProbesDoNot() {
        for (String url : new String[] { "/", "/segments", "/churn", "/api/kpis", "/api/dataset" }) {
            given().get(url).then().statusCode(401)
                    .header("WWW-Authenticate", "Basic realm=\"ShopLens\", charset=\"UTF-8\"");
            given().auth().preemptive().basic("admin", "wrong").get(url).then().statusCode(401);
        }
        Api.admin().get("/api/dataset").then().statusCode(200);
        Api.admin().get("/").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
