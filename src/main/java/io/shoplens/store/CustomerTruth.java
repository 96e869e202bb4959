package io.shoplens.store;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What the simulator knows and an analyst would not: kept apart from {@code customers} so that analytics cannot
 * read it by accident. Imported data has none.
 */
@MongoEntity(collection = CustomerTruth.COLLECTION)
public class CustomerTruth extends PanacheMongoEntityBase {
    public static final String COLLECTION = "simulation_truth";

    /** The customer's id. */
    @BsonId
    public String id;
    public Persona persona;
    /** Purchases per day while alive, scaling and seasonality included at a multiplier of 1. */
    public double purchaseRatePerDay;
    /** Chance of dropping out for good after each purchase. */
    public double dropoutProbability;
    /** Moment of the purchase after which the customer dropped out; null when still alive at the as-of date. */
    public Instant dropoutDate;
    /** Chance that one of the customer's orders is returned, in part or whole. */
    public double returnRate;
    /** Returns the customer made in the simulated window. */
    public int returns;
}
