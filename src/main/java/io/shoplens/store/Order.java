package io.shoplens.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** One order with its lines embedded; {@code total} is the sum of the lines minus {@code discount}, to the cent. */
@MongoEntity(collection = Order.COLLECTION)
public class Order extends PanacheMongoEntityBase {
    public static final String COLLECTION = "orders";

    @BsonId
    public String id;
    public String customerId;
    public Instant date;
    public String country;
    /** Null when the order used no promotion code. */
    public String promoCode;
    public BigDecimal discount;
    public BigDecimal total;
    public List<OrderLine> lines;
    /**
     * Position in the dataset's append sequence (1, 2, …) for an order appended after the dataset version was made;
     * null for the orders it was generated or imported with. Frames and other replicas follow appends by it.
     */
    public Long seq;

    /** Whether the document sells something: a line of positive quantity (a document may also return some). */
    public boolean sells() {
        return lines.stream().anyMatch(l -> l.quantity > 0);
    }

    /** Whether the document gives something back: a line of negative quantity. */
    public boolean returnsSome() {
        return lines.stream().anyMatch(l -> l.quantity < 0);
    }

    public BigDecimal subtotal() {
        BigDecimal sum = BigDecimal.ZERO;
        for (OrderLine line : lines) {
            sum = sum.add(line.amount());
        }
        return sum;
    }
}
