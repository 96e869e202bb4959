package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.shoplens.churn.ChurnService;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** The page forms take only their form body with its token: any other body, or none, changes nothing. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class FormsTest {
    static final List<String> FORMS = List.of("/data/generate", "/data/import", "/churn/retrain");

    @Inject
    ChurnService churn;

    static final String TRUNCATED_UPLOAD = "--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\""
            + "\r\n\r\nabc";

    @Test
    void aFormEndpointRefusesOtherBodiesEvenWithTheTokenHeader() {
        long version = Api.awaitReady();
        awaitNoTraining();
        for (String form : FORMS) {
            Api.Csrf csrf = Api.csrf();
            List<RequestSpecification> attempts = List.of(
                    Api.admin().contentType("text/plain").body("preset=classic"),
                    Api.admin().cookie(Api.CSRF_COOKIE, csrf.cookie()).header("X-CSRF-TOKEN", csrf.token())
                            .contentType("text/plain").body("preset=classic"),
                    Api.admin().contentType("application/json").body("{\"preset\": \"classic\"}"),
                    Api.admin(),
                    Api.admin().contentType("application/x-www-form-urlencoded"),
                    // Broken encodings, each a 500 before: an escape that decodes to nothing, an upload cut off.
                    Api.admin().contentType("application/x-www-form-urlencoded").body("%zz=1"),
                    Api.admin().contentType("multipart/form-data; boundary=xx").body(TRUNCATED_UPLOAD.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            for (RequestSpecification attempt : attempts) {
                attempt.redirects().follow(false).post(form).then()
                        .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)));
                assertFalse(churn.isTraining(), form + " started a training");
                assertFalse(churn.isRetrainingPending(), form);
            }
        }
        assertEquals(version, Api.awaitReady());
        given().get("/api/dataset").then().body("status", org.hamcrest.Matchers.equalTo("ready"));
    }

    @Test
    void theRetrainButtonStillWorksWithItsForm() {
        Api.awaitReady();
        awaitNoTraining();
        Api.admin().contentType("text/plain").post("/churn/retrain").then().statusCode(415)
                .body(containsString("nothing was changed"));
        Api.csrf().form(Api.admin()).redirects().follow(false).post("/churn/retrain").then().statusCode(303);
        assertTrue(churn.isTraining(), "the form started a training");
        awaitNoTraining();
    }

    @Test
    void theCsrfCookieIsStrictAndHttpOnly() {
        String cookie = given().get("/data").then().statusCode(200).extract().header("Set-Cookie");
        assertTrue(cookie.startsWith(Api.CSRF_COOKIE + "="), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), cookie);
    }

    private void awaitNoTraining() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while ((churn.isTraining() || churn.isRetrainingPending()) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertFalse(churn.isTraining(), "a training still runs after 2 minutes");
    }
}
