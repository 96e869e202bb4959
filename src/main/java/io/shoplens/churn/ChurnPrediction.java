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
    /** Probability × what the customer would spend over the horizon at their past daily spend. */
    public BigDecimal revenueAtRisk;
}
