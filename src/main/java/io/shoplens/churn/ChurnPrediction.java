package io.shoplens.churn;

import java.math.BigDecimal;
import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * P(no order in the next H days) for one customer, from the serving model. Name and revenue are copied in so that
 * the pages read this collection alone.
 */
@MongoEntity(collection = ChurnPrediction.COLLECTION)
public class ChurnPrediction extends PanacheMongoEntityBase {
    public static final String COLLECTION = "churn_predictions";

    @BsonId
    public String customerId;
    public double probability;
    public long modelVersion;
    public Instant scoredAt;
    public String name;
    public String country;
    public long orders;
    public BigDecimal revenue;
    /** Days since the last order at the end of the data: the win-back list filters on it. */
    public double recencyDays;
    /** The customer's expected net revenue over the next 12 months (lifetime values); null where none was computed. */
    public BigDecimal clv12m;
    /**
     * Probability × {@code clv12m}: what a churn would cost; without lifetime values, probability × the past daily net
     * spend over the horizon.
     */
    public BigDecimal revenueAtRisk;
}
