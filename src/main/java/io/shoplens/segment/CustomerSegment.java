package io.shoplens.segment;

import java.math.BigDecimal;
import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.shoplens.store.Persona;

/**
 * A customer's segments and the behaviour they were derived from, for one dataset version. Name, email and country
 * are copied in so that the customer list can search and filter this collection alone.
 */
@MongoEntity(collection = CustomerSegment.COLLECTION)
public class CustomerSegment extends PanacheMongoEntityBase {
    public static final String COLLECTION = "customer_segments";

    @BsonId
    public String id;
    public long datasetVersion;
    public String name;
    public String email;
    public String city;
    public String country;
    /** Null for a customer with no order yet. */
    public Persona persona;
    public long orders;
    public BigDecimal revenue;
    public BigDecimal averageBasket;
    public double promoShare;
    public BigDecimal averageDiscount;
    public Instant firstOrder;
    public Instant lastOrder;
    public Double recencyDays;
    public Double tenureDays;
    public Double meanGapDays;
    public Double gapSpreadDays;
    public Double purchasesPerYear;
    public Integer recencyScore;
    public Integer frequencyScore;
    public Integer monetaryScore;
    public RfmSegment rfmSegment;

    public String personaLabel() {
        return persona == null ? SegmentService.NO_ORDERS : persona.label();
    }

    public String rfmLabel() {
        return rfmSegment == null ? "–" : rfmSegment.label();
    }
}
