package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.testing.EmbeddedMongoResource;

/** The app works offline: its scripts are served by itself and no page pulls anything from elsewhere. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class AssetsTest {
    private static final Pattern REMOTE = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE);

    @Test
    void chartJsAndOurScriptAreServedLocally() {
        given().get("/webjars/chart.js/dist/chart.umd.min.js").then().statusCode(200)
                .body(containsString("Chart"));
        given().get("/js/shoplens.js").then().statusCode(200).body(containsString("data-chart"));
        given().get("/css/shoplens.css").then().statusCode(200);
    }

    @Test
    void noTemplateOrStaticFileLoadsFromAnotherHost() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/resources/templates")),
                Files.walk(Path.of("src/main/resources/META-INF/resources")))) {
            offenders = files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return REMOTE.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
