package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * Seeded random bodies against the two endpoints that replace the dataset: whatever comes in, the answer is never a
 * 5xx, and a refusal (4xx) never changes the served dataset. The seed is printed, so that a failure can be replayed.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class FuzzTest {
    static final long SEED = 20261202L;
    static final int CASES = 200;

    final Random random = new Random(SEED);
    final Map<Integer, Integer> statuses = new TreeMap<>();

    @Test
    void randomJsonBodiesNeverFailTheServerNorChangeTheDatasetWhenRefused() {
        for (int i = 0; i < CASES; i++) {
            String body = random.nextInt(10) < 7 ? jsonObject() : junk();
            long before = Api.awaitReady();
            Response response = Api.admin().contentType("application/json").body(body).post("/api/dataset");
            check(response, before, "POST /api/dataset " + shorten(body));
        }
        System.out.println("fuzz /api/dataset, seed " + SEED + ": statuses " + statuses);
    }

    @Test
    void randomCsvBodiesNeverFailTheServerNorChangeTheDatasetWhenRefused() {
        for (int i = 0; i < CASES; i++) {
            byte[] body = csv();
            Map<String, String> params = importParams();
            long before = Api.awaitReady();
            Response response = Api.admin().contentType("text/csv").queryParams(params).body(body)
                    .post("/api/import");
            check(response, before, "POST /api/import " + params + " " + shorten(new String(body,
                    StandardCharsets.UTF_8)));
        }
        System.out.println("fuzz /api/import, seed " + SEED + ": statuses " + statuses);
    }

    private void check(Response response, long before, String request) {
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        assertTrue(status < 500, "seed " + SEED + ": " + status + " for " + request + ": " + shorten(
                response.asString()));
        if (status >= 400) {
            assertEquals(before, given().get("/api/dataset").then().extract().<Number>path("version").longValue(),
                    "seed " + SEED + ": a " + status + " changed the dataset for " + request);
        }
    }

    private String jsonObject() {
        List<String> fields = new ArrayList<>();
        pick(fields, "preset", "\"classic\"", "\"CLASSIC\"", "\"huge\"", "\"\"", "null", "1", "[]",
                "\"" + "p".repeat(random.nextInt(5000)) + "\"");
        pick(fields, "customers", "0", "-1", "1", "1.5", "1e12", "2147483648", "\"20\"", "\"many\"", "null", "true",
                "{}", "[1]", "30", "99999999999999999999");
        pick(fields, "products", "0", "1", "5", "-3", "2.5", "1e6", "100001", "\"x\"");
        pick(fields, "orders", "0", "1", "300", "-1", "5000001", "1e30", "0.1", "\"300\"");
        pick(fields, "seed", "1", "-5", "19", "1.5", "\"x\"", "99999999999999999999", "null");
        pick(fields, "days", "-1", "0", "1", "30", "3651", "1.5", "\"30\"");
        pick(fields, "asOf", "\"2025-01-01\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"1989-12-31\"", "\"bad\"",
                "\"\"", "1", "\"2025-02-30\"", "\"" + "9".repeat(random.nextInt(3000)) + "\"");
        if (random.nextInt(10) == 0) {
            fields.add("\"" + junk().replace("\"", "") + "\": 1");
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(", ", fields) + "}";
    }

    private void pick(List<String> fields, String name, String... values) {
        if (random.nextInt(3) > 0) {
            fields.add("\"" + name + "\": " + values[random.nextInt(values.length)]);
        }
    }

    private String junk() {
        String alphabet = "{}[]\":,0123456789.eE+-truefalsnl \\ü€\n\t";
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(60);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return random.nextInt(4) == 0 ? "null" : sb.toString();
    }

    private Map<String, String> importParams() {
        Map<String, String> params = new TreeMap<>();
        if (random.nextBoolean()) {
            params.put("skipInvalid", random.nextBoolean() ? "true" : "maybe");
        }
        if (random.nextInt(4) == 0) {
            params.put("delimiter", List.of("comma", "semicolon", "tab", "whitespace", "pipe", "colon")
                    .get(random.nextInt(6)));
        }
        if (random.nextInt(4) == 0) {
            params.put("format", List.of("generic", "online-retail", "xml").get(random.nextInt(3)));
        }
        if (random.nextInt(6) == 0) {
            params.put("customer", List.of("1", "0", "999", "customer", "nope", "99999999999").get(random.nextInt(6)));
        }
        if (random.nextInt(8) == 0) {
            params.put("dateFormat", List.of("dd/MM/yyyy", "yyyy-MM-dd", "qqq'", "auto").get(random.nextInt(4)));
        }
        if (random.nextInt(8) == 0) {
            params.put("decimal", List.of(",", ".", "x").get(random.nextInt(3)));
        }
        return params;
    }

    private byte[] csv() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(4) == 0) {
            // Mostly valid, so that some imports go through and the next refusals are checked against them.
            StringBuilder csv = new StringBuilder("customer,date,amount,product\n");
            int lines = 1 + random.nextInt(20);
            for (int i = 0; i < lines; i++) {
                csv.append(random.nextInt(12) == 0 ? field() : "C" + random.nextInt(8)).append(",2025-0")
                        .append(1 + random.nextInt(9)).append("-1").append(random.nextInt(10)).append(',')
                        .append(random.nextInt(10) + 1).append(".50,").append(random.nextInt(6) == 0 ? field()
                                : "P" + random.nextInt(5)).append('\n');
            }
            return csv.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (random.nextInt(10) == 0) {
            out.writeBytes("\uFEFF".getBytes(StandardCharsets.UTF_8));
        }
        String header = List.of("customer,date,amount,product\n", "Invoice,StockCode,Description,Quantity,"
                + "InvoiceDate,Price,Customer ID,Country\n", "a,b\n", "", "customer;date;amount\n")
                .get(random.nextInt(5));
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        int lines = random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            if (random.nextInt(15) == 0) {
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, 'x', '\n'});
                continue;
            }
            List<String> fields = new ArrayList<>();
            int count = 1 + random.nextInt(9);
            for (int f = 0; f < count; f++) {
                fields.add(field());
            }
            out.writeBytes((String.join(random.nextInt(10) == 0 ? ";" : ",", fields)
                    + (random.nextInt(10) == 0 ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private String field() {
        return switch (random.nextInt(14)) {
            case 0 -> "C" + random.nextInt(20);
            case 1 -> List.of("2025-01-02", "2025-13-45", "0001-01-01", "9999-12-31", "1/2/2025 10:00", "20250102",
                    "yesterday").get(random.nextInt(7));
            case 2 -> List.of("10.00", "-5.00", "0", "1e999", "NaN", "--1", "1,5", "99999999999999999999999")
                    .get(random.nextInt(8));
            case 3 -> "\"quoted, with \"\"quotes\"\"\"";
            case 4 -> "\"unterminated";
            case 5 -> "x".repeat(random.nextInt(20_000));
            case 6 -> "=CMD|' /C calc'!A0";
            case 7 -> "";
            case 8 -> String.valueOf(random.nextInt(1000) - 100);
            case 9 -> "Zürich € \uD83D\uDE00";
            case 10 -> "C" + random.nextInt(5000) + ".0";
            case 11 -> "\"multi\nline\"";
            case 12 -> "489434";
            default -> "2025-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
        };
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
