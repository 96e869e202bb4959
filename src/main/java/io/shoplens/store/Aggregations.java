package io.shoplens.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.bson.Document;
import org.bson.types.Decimal128;

import com.mongodb.client.MongoCollection;

/**
 * Building blocks for pipelines over {@code orders} that run on a real MongoDB and on the embedded server alike:
 * months by {@code $dateToString} in UTC, promo tests by {@code $ifNull}, money read back as exact decimals.
 */
public final class Aggregations {
    private Aggregations() {
    }

    public static MongoCollection<Document> orders() {
        return Order.mongoCollection().withDocumentClass(Document.class);
    }

    /** A {@code $match} on the order date (UTC days, both ends included) and country; null parts match all. */
    public static Document match(LocalDate from, LocalDate to, String country) {
        Document match = dateRange("date", from, to);
        if (country != null) {
            match.append("country", country);
        }
        return new Document("$match", match);
    }

    public static Document dateRange(String field, LocalDate from, LocalDate to) {
        Document range = new Document();
        if (from != null) {
            range.append("$gte", java.util.Date.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (to != null) {
            range.append("$lt", java.util.Date.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return range.isEmpty() ? new Document() : new Document(field, range);
    }

    /** The UTC month (YYYY-MM) of a date expression. */
    public static Document month(String dateExpression) {
        return new Document("$dateToString", new Document("format", "%Y-%m").append("date", dateExpression)
                .append("timezone", "UTC"));
    }

    /** {@code whenPromo} for orders with a promo code, else {@code otherwise}; a missing code counts as none. */
    public static Document ifPromo(Object whenPromo, Object otherwise) {
        return new Document("$cond", Arrays.asList(
                new Document("$eq", Arrays.asList(new Document("$ifNull", Arrays.asList("$promoCode", null)), null)),
                otherwise, whenPromo));
    }

    /** A money field read back exactly: Decimal128 from sums of Decimal128, plain numbers where a sum saw none. */
    public static BigDecimal money(Document document, String key) {
        Object value = document.get(key);
        BigDecimal amount;
        if (value instanceof Decimal128 decimal) {
            amount = decimal.bigDecimalValue();
        } else if (value instanceof BigDecimal decimal) {
            amount = decimal;
        } else if (value instanceof Number number) {
            amount = new BigDecimal(number.toString());
        } else {
            amount = BigDecimal.ZERO;
        }
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    public static long longValue(Document document, String key) {
        Object value = document.get(key);
        return value instanceof Number number ? number.longValue() : 0;
    }

    public static double doubleValue(Document document, String key) {
        Object value = document.get(key);
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue().doubleValue();
        }
        return value instanceof Number number ? number.doubleValue() : 0;
    }
}
