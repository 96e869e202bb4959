package io.shoplens.store;

import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * Takes a lock document (the churn training lease, the append lock) in one atomic step: updates it where it is free,
 * or creates it when there is none yet. Not as one upsert: an upsert that meets the held document fails on its key,
 * which the client expects but the embedded server logs as an ERROR with its stack trace, on every attempt (a
 * replica waiting for the append lock tries many times a second). A duplicate insert is only answered.
 */
public final class LockDocument {
    private LockDocument() {
    }

    /**
     * Sets {@code fields} on the document {@code id} if it matches {@code free}, or inserts it with them if it does
     * not exist. Answers the document as it was before (an empty one when this created it), or empty when it is held.
     */
    public static Optional<Document> take(MongoCollection<Document> collection, String id, Bson free,
            Document fields) {
        Document before = collection.findOneAndUpdate(Filters.and(Filters.eq("_id", id), free),
                Updates.combine(fields.entrySet().stream().map(f -> Updates.set(f.getKey(), f.getValue())).toList()),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before != null) {
            return Optional.of(before);
        }
        try {
            Document created = new Document("_id", id);
            created.putAll(fields);
            collection.insertOne(created);
            return Optional.of(new Document());
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty(); // it exists and is held
            }
            throw e;
        }
    }
}
