package io.shoplens.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** Describes the dataset currently served; one document, replaced together with the data it describes. */
@MongoEntity(collection = DatasetInfo.COLLECTION)
public class DatasetInfo extends PanacheMongoEntityBase {
    public static final String COLLECTION = "dataset_info";
    static final String CURRENT = "current";

    public static final String SIMULATED = "simulated";
    public static final String IMPORTED = "imported";

    @BsonId
    public String id = CURRENT;
    /** Grows by one at every replacement; caches key on it. */
    public long version;
    public String source;
    public Long seed;
    public String preset;
    public Integer days;
    public long customers;
    public long products;
    /** Sales orders; return invoices are counted in {@link #returns}. */
    public long orders;
    /** Orders with returned lines (Online Retail's cancellation invoices, the simulator's returns). */
    public long returns;
    /** The date the data is seen from: the simulation's end, or an import's last order date. */
    public LocalDate asOf;
    public Instant firstOrderDate;
    public Instant lastOrderDate;
    public Instant generatedAt;
    /** Wall-clock milliseconds the generation or import took. */
    public long durationMillis;
    public String fileName;
    public long linesRead;
    public long linesSkipped;
    /** Cancellation lines skipped by an import with returns=false. */
    public long cancellations;
    public long linesWithoutCustomer;
    /** Orders appended to this version so far: the last {@link Order#seq} given. */
    public long appended;

    /**
     * Counts in one appended order: its append number, whether it sells and whether it returns, and the dates it
     * moves (first and last order, and the as-of date up to its day).
     */
    void countIn(Order o) {
        appended = Math.max(appended, o.seq);
        orders += o.sells() ? 1 : 0;
        returns += o.returnsSome() ? 1 : 0;
        firstOrderDate = firstOrderDate == null || o.date.isBefore(firstOrderDate) ? o.date : firstOrderDate;
        lastOrderDate = lastOrderDate == null || o.date.isAfter(lastOrderDate) ? o.date : lastOrderDate;
        LocalDate day = o.date.atZone(ZoneOffset.UTC).toLocalDate();
        asOf = asOf == null || day.isAfter(asOf) ? day : asOf;
    }

    /**
     * Truncates the dates to the millisecond, as MongoDB stores them: else the API served a generation's time to the
     * nanosecond until the next reload of this document (or a restart) served it to the millisecond.
     */
    void toStoredPrecision() {
        firstOrderDate = millis(firstOrderDate);
        lastOrderDate = millis(lastOrderDate);
        generatedAt = millis(generatedAt);
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public boolean simulated() {
        return SIMULATED.equals(source);
    }

    /**
     * The end of the data, exclusive: midnight UTC after the as-of date (an import's as-of date is its last order's
     * day). Segments and churn scores describe customers as seen then.
     */
    public Instant end() {
        LocalDate last = asOf != null ? asOf : lastOrderDate.atZone(ZoneOffset.UTC).toLocalDate();
        return last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
