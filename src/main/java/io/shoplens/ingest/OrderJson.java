package io.shoplens.ingest;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException.FieldError;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;

/**
 * Reads appended orders from a JSON array or NDJSON, checking every order and naming each problem by the line of the
 * request it starts on: {@code {id, customerId, date, country, lines: [{productId, productName, category, quantity,
 * unitPrice}], promoCode, discount}}. Unknown fields, wrong types, missing ids, dates outside the window, quantities
 * below 1 and negative prices or discounts are problems; nothing is read past the {@code maxOrders}-th order.
 */
final class OrderJson {
    /** Numbers read exactly: as doubles, 1e400 became Infinity (a 500) and 1e-400 a price of 0. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final Set<String> ORDER_FIELDS = Set.of("id", "customerId", "date", "country", "lines",
            "promoCode", "discount");
    private static final Set<String> LINE_FIELDS = Set.of("productId", "productName", "category", "quantity",
            "unitPrice");
    /** More problems than this are counted, not listed: one wrong field repeated over 10,000 orders says enough. */
    private static final int LISTED_PROBLEMS = 100;
    /** A line's quantity above this is a typo (an id in the quantity column), not an order. */
    private static final int MAX_QUANTITY = 1_000_000;

    /** An order as read, with the category its lines gave each product (for products created by the append). */
    /** @param lines the request line each order starts on */
    record Read(List<Order> orders, List<Integer> lines, Map<String, String> categories, List<FieldError> problems,
            int problemCount) {
    }

    record Bounds(Instant earliest, Instant latest, int maxOrders, int maxFieldLength) {
    }

    private OrderJson() {
    }

    static Read read(byte[] body, boolean ndjson, Bounds bounds) {
        Reader reader = new Reader(bounds);
        if (ndjson) {
            reader.ndjson(body);
        } else {
            reader.array(body);
        }
        return new Read(reader.orders, reader.lines, reader.categories, reader.problems, reader.problemCount);
    }

    private static final class Reader {
        final Bounds bounds;
        final List<Order> orders = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        final Map<String, String> categories = new java.util.HashMap<>();
        final List<FieldError> problems = new ArrayList<>();
        int problemCount;
        /** Orders read, good or bad. */
        int seen;

        Reader(Bounds bounds) {
            this.bounds = bounds;
        }

        void array(byte[] body) {
            try (JsonParser parser = FACTORY.createParser(body)) {
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    problem(first == null ? 1 : line(parser), "body", first == null ? "the body is empty; send a JSON"
                            + " array of orders" : "expected a JSON array of orders (or NDJSON with Content-Type"
                                    + " application/x-ndjson)");
                    return;
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int line = line(parser);
                    JsonNode node = MAPPER.readTree(parser);
                    if (!add(line, node)) {
                        return;
                    }
                }
                if (parser.nextToken() != null) {
                    problem(line(parser), "body", "unexpected content after the array");
                }
            } catch (JsonParseException e) {
                problem(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "body",
                        "not valid JSON: " + Quote.message(e.getOriginalMessage(), 200));
            } catch (IOException e) {
                problem(0, "body", "not readable: " + e.getMessage());
            }
        }

        void ndjson(byte[] body) {
            int line = 1;
            int start = 0;
            for (int i = 0; i <= body.length; i++) {
                if (i == body.length || body[i] == '\n') {
                    int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                    if (end > start && !blank(body, start, end)) {
                        try {
                            if (!add(line, MAPPER.readTree(body, start, end - start))) {
                                return;
                            }
                        } catch (JsonParseException e) {
                            problem(line, "body", "not valid JSON: " + Quote.message(e.getOriginalMessage(), 200));
                        } catch (IOException e) {
                            problem(line, "body", "not readable: " + e.getMessage());
                        }
                    }
                    line++;
                    start = i + 1;
                }
            }
            if (orders.isEmpty() && problemCount == 0) {
                problem(1, "body", "no order in the body; send one JSON object per line");
            }
        }

        /** False once the request holds more orders than allowed: the rest is not read. */
        boolean add(int line, JsonNode node) {
            if (++seen > bounds.maxOrders()) {
                problem(line, "body", "more than " + bounds.maxOrders() + " orders in one request"
                        + " (shoplens.ingest.append.max-orders); send them in several");
                return false;
            }
            if (node == null || !node.isObject()) {
                problem(line, "order", "expected a JSON object");
                return true;
            }
            int before = problemCount;
            unknown(line, node, ORDER_FIELDS, "");
            Order o = new Order();
            o.id = text(line, node, "id", true);
            o.customerId = text(line, node, "customerId", true);
            o.country = text(line, node, "country", false);
            o.promoCode = text(line, node, "promoCode", false);
            o.date = date(line, node.get("date"));
            o.discount = money(line, node.get("discount"), "discount", false);
            JsonNode lines = node.get("lines");
            List<OrderLine> read = new ArrayList<>();
            if (lines == null || !lines.isArray() || lines.isEmpty()) {
                problem(line, "lines", "an order needs a non-empty array of lines");
            } else {
                int n = 0;
                for (JsonNode l : lines) {
                    n++;
                    String prefix = "lines[" + n + "].";
                    if (!l.isObject()) {
                        problem(line, prefix.substring(0, prefix.length() - 1), "expected a JSON object");
                        continue;
                    }
                    unknown(line, l, LINE_FIELDS, prefix);
                    OrderLine ol = new OrderLine();
                    ol.productId = text(line, l, "productId", true, prefix);
                    ol.productName = text(line, l, "productName", false, prefix);
                    String category = text(line, l, "category", false, prefix);
                    JsonNode q = l.get("quantity");
                    if (q == null || !q.canConvertToInt() || !q.isIntegralNumber()) {
                        problem(line, prefix + "quantity", "a whole number of at least 1 is required");
                    } else if (q.intValue() > MAX_QUANTITY) {
                        problem(line, prefix + "quantity", q.intValue() + " is more than " + MAX_QUANTITY);
                    } else if (q.intValue() < 1) {
                        problem(line, prefix + "quantity", q.intValue() + " is not a quantity: at least 1 (returns"
                                + " are imported as CSV cancellations, not appended)");
                    } else {
                        ol.quantity = q.intValue();
                    }
                    ol.unitPrice = money(line, l.get("unitPrice"), prefix + "unitPrice", true);
                    if (ol.unitPrice != null && ol.quantity > 0 && Amounts.lineTooLarge(ol.unitPrice, ol.quantity)) {
                        problem(line, prefix.substring(0, prefix.length() - 1), "quantity × unitPrice is more than "
                                + Amounts.LARGEST);
                    }
                    if (ol.productId != null && category != null) {
                        categories.putIfAbsent(ol.productId, category);
                    }
                    if (ol.productName == null) {
                        ol.productName = ol.productId;
                    }
                    read.add(ol);
                }
            }
            o.lines = read;
            if (problemCount == before) {
                BigDecimal subtotal = o.subtotal();
                BigDecimal discount = o.discount == null ? BigDecimal.ZERO : o.discount;
                if (discount.compareTo(subtotal) > 0) {
                    problem(line, "discount", "the discount " + discount + " is larger than the order's lines ("
                            + subtotal + ")");
                } else {
                    o.total = subtotal.subtract(discount);
                    orders.add(o);
                    this.lines.add(line);
                }
            }
            return true;
        }

        private void unknown(int line, JsonNode node, Set<String> known, String prefix) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!known.contains(name)) {
                    problem(line, prefix + Quote.of(name), "unknown field; the fields are "
                            + String.join(", ", new java.util.TreeSet<>(known)));
                }
            }
        }

        private String text(int line, JsonNode node, String field, boolean required) {
            return text(line, node, field, required, "");
        }

        private String text(int line, JsonNode node, String field, boolean required, String prefix) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
                if (required) {
                    problem(line, prefix + field, "required");
                }
                return null;
            }
            if (!value.isTextual()) {
                problem(line, prefix + field, "expected a string, not " + value.getNodeType().name().toLowerCase());
                return null;
            }
            String text = value.textValue().strip();
            if (text.length() > bounds.maxFieldLength()) {
                problem(line, prefix + field, "longer than " + bounds.maxFieldLength() + " characters"
                        + " (shoplens.ingest.max-field-length)");
                return null;
            }
            return text;
        }

        private BigDecimal money(int line, JsonNode value, String field, boolean required) {
            if (value == null || value.isNull()) {
                if (required) {
                    problem(line, field, "required");
                }
                return required ? null : BigDecimal.ZERO.setScale(2);
            }
            BigDecimal amount;
            if (value.isNumber()) {
                amount = value.decimalValue();
            } else if (value.isTextual()) {
                try {
                    amount = new BigDecimal(value.textValue().strip());
                } catch (NumberFormatException e) {
                    problem(line, field, "not a number");
                    return null;
                }
            } else {
                problem(line, field, "expected a number");
                return null;
            }
            // Quoted from the request's text: toPlainString of 1e999999999 would be a billion digits.
            if (amount.signum() < 0) {
                problem(line, field, Quote.of(value.asText()) + " is negative");
                return null;
            }
            if (Amounts.tooLarge(amount)) {
                problem(line, field, Quote.of(value.asText()) + " is too large (at most " + Amounts.LARGEST + ")");
                return null;
            }
            if (amount.stripTrailingZeros().scale() > 2) {
                problem(line, field, Quote.of(value.asText()) + " has more than two decimals");
                return null;
            }
            return amount.setScale(2);
        }

        private Instant date(int line, JsonNode value) {
            if (value == null || value.isNull()) {
                problem(line, "date", "required");
                return null;
            }
            if (!value.isTextual()) {
                problem(line, "date", "expected an ISO-8601 date-time such as 2026-12-01T14:30:00Z");
                return null;
            }
            String text = value.textValue().strip();
            Instant date;
            try {
                date = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    date = java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException again) {
                    problem(line, "date", Quote.of(text) + " is not an ISO-8601 date-time such as"
                            + " 2026-12-01T14:30:00Z");
                    return null;
                }
            }
            if (date.isBefore(bounds.earliest())) {
                problem(line, "date", Quote.of(text) + " is before the dataset's first order (" + bounds.earliest() + ")");
                return null;
            }
            if (date.isAfter(bounds.latest())) {
                problem(line, "date", Quote.of(text) + " is after " + bounds.latest()
                        + " (now plus shoplens.ingest.append.latest-date-ahead)");
                return null;
            }
            return date;
        }

        private void problem(int line, String field, String message) {
            problemCount++;
            if (problems.size() < LISTED_PROBLEMS) {
                problems.add(new FieldError("line " + line + " (" + field + ")", message));
            }
        }

        private static int line(JsonParser parser) {
            return parser.currentTokenLocation().getLineNr();
        }

        private static boolean blank(byte[] body, int from, int to) {
            for (int i = from; i < to; i++) {
                if (!Character.isWhitespace(body[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
