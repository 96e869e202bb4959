package io.shoplens.store;

import java.math.BigDecimal;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

@MongoEntity(collection = Product.COLLECTION)
public class Product extends PanacheMongoEntityBase {
    public static final String COLLECTION = "products";

    @BsonId
    public String id;
    public String name;
    public String category;
    public BigDecimal price;
    /**
     * A fee or adjustment line rather than goods (Online Retail's POST, BANK CHARGES, D for discount, …): counted in
     * revenue, kept out of product rankings.
     */
    public boolean fee;
}
