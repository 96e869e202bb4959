package io.shoplens.store;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;

@MongoEntity(collection = Customer.COLLECTION)
public class Customer extends PanacheMongoEntityBase {
    public static final String COLLECTION = "customers";

    @BsonId
    public String id;
    public String firstName;
    public String lastName;
    public String email;
    public String city;
    public String country;
    public Instant signupDate;

    /** First and last name, or the id for imported customers, who come without names. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return name.isEmpty() ? id : name;
    }
}
