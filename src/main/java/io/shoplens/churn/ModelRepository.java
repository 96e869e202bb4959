package io.shoplens.churn;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.shoplens.store.CollectionSwap;
import io.shoplens.store.DatasetStore;

/**
 * Model cards in {@code churn_models} (nested documents, queryable), the served predictions in
 * {@code churn_predictions}, and serialised forests in the GridFS bucket
 * {@code churn_model_files}: a forest can exceed MongoDB's 16 MB document limit.
 */
@ApplicationScoped
class ModelRepository {
    static final String COLLECTION = "churn_models";
    static final String BUCKET = "churn_model_files";

    @Inject
    ObjectMapper mapper;

    private MongoCollection<Document> cards() {
        return DatasetStore.database().getCollection(COLLECTION);
    }

    private GridFSBucket files() {
        return GridFSBuckets.create(DatasetStore.database(), BUCKET);
    }

    long nextVersion() {
        Document last = cards().find().sort(Sorts.descending("version")).first();
        return last == null ? 1 : last.get("version", Number.class).longValue() + 1;
    }

    String saveModel(long version, byte[] bytes) {
        String name = "churn-model-" + version + ".ser";
        files().uploadFromStream(name, new java.io.ByteArrayInputStream(bytes));
        return name;
    }

    byte[] loadModel(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files().downloadToStream(name, out);
        return out.toByteArray();
    }

    /** Saves a new serving card and retires the previous serving one. */
    void promote(ModelCard card) {
        cards().updateMany(Filters.eq("status", ModelCard.SERVING), Updates.set("status", ModelCard.RETIRED));
        save(card);
    }

    void save(ModelCard card) {
        Document document = Document.parse(json(card));
        document.put("_id", card.version());
        cards().replaceOne(Filters.eq("_id", card.version()), document, new ReplaceOptions().upsert(true));
    }

    Optional<ModelCard> serving() {
        return Optional.ofNullable(cards().find(Filters.eq("status", ModelCard.SERVING))
                .sort(Sorts.descending("version")).first()).map(this::card);
    }

    Optional<ModelCard> latest() {
        return Optional.ofNullable(cards().find().sort(Sorts.descending("version")).first()).map(this::card);
    }

    /**
     * The first {@code limit} predictions in the ranking's order from {@code minProbability}, of customers whose last
     * order is at most {@code maxDaysSinceLastOrder} days old (null: any).
     */
    List<ChurnPrediction> topPredictions(int limit, double minProbability, Integer maxDaysSinceLastOrder,
            Ranking ranking) {
        return (maxDaysSinceLastOrder == null
                ? ChurnPrediction.<ChurnPrediction>find("probability >= ?1", ranking.sort, minProbability)
                : ChurnPrediction.<ChurnPrediction>find("probability >= ?1 and recencyDays <= ?2", ranking.sort,
                        minProbability, (double) maxDaysSinceLastOrder))
                .page(0, limit).list();
    }

    Optional<ChurnPrediction> prediction(String customerId) {
        return ChurnPrediction.findByIdOptional(customerId);
    }

    /** Replaces every stored prediction with those of a newly promoted model. */
    void replacePredictions(List<ChurnPrediction> predictions) {
        CollectionSwap.replace(ChurnPrediction.COLLECTION, ChurnPrediction.class, predictions);
    }

    private ModelCard card(Document document) {
        document.remove("_id");
        try {
            return mapper.readValue(document.toJson(), ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored model card unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private String json(ModelCard card) {
        try {
            return mapper.writeValueAsString(card);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Model card not serialisable", e);
        }
    }
}
