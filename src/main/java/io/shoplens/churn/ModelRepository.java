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
 * Model cards in {@code churn_models} (nested documents, queryable; every version up to
 * {@code shoplens.churn.keep-models}), the serving model's predictions in {@code churn_predictions}, each version's
 * sample of scored customers in {@code churn_samples} (one document per version, for the realized outcomes), and
 * serialised forests in the GridFS bucket {@code churn_model_files}: a forest can exceed MongoDB's 16 MB document
 * limit.
 */
@ApplicationScoped
class ModelRepository {
    static final String COLLECTION = "churn_models";
    static final String BUCKET = "churn_model_files";
    static final String SAMPLES = "churn_samples";

    @Inject
    ObjectMapper mapper;

    private MongoCollection<Document> cards() {
        return DatasetStore.database().getCollection(COLLECTION);
    }

    private MongoCollection<Document> samples() {
        return DatasetStore.database().getCollection(SAMPLES);
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

    /** Every kept card, newest first. */
    List<ModelCard> all() {
        return cards().find().sort(Sorts.descending("version")).map(this::card).into(new java.util.ArrayList<>());
    }

    Optional<ModelCard> card(long version) {
        return Optional.ofNullable(cards().find(Filters.eq("_id", version)).first()).map(this::card);
    }

    /** Keeps a model version's sample of served predictions (customer ids and probabilities, in the same order). */
    void saveSample(Realized.Sample sample) {
        Document document = new Document("_id", sample.version()).append("datasetVersion", sample.datasetVersion())
                .append("scoredAt", java.util.Date.from(sample.scoredAt()))
                .append("customerIds", sample.customerIds())
                .append("probabilities", java.util.Arrays.stream(sample.probabilities()).boxed().toList());
        samples().replaceOne(Filters.eq("_id", sample.version()), document, new ReplaceOptions().upsert(true));
    }

    Optional<Realized.Sample> sample(long version) {
        Document d = samples().find(Filters.eq("_id", version)).first();
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new Realized.Sample(version, d.get("datasetVersion", Number.class).longValue(),
                d.getDate("scoredAt").toInstant(), d.getList("customerIds", String.class),
                d.getList("probabilities", Number.class).stream().mapToDouble(Number::doubleValue).toArray()));
    }

    /**
     * Removes every card beyond the newest {@code keep} (never the serving one), with its forest file and its sample.
     *
     * @return the versions removed
     */
    List<Long> prune(int keep) {
        List<Long> removed = new java.util.ArrayList<>();
        int kept = 0;
        for (Document d : cards().find().sort(Sorts.descending("version"))
                .projection(new Document("version", 1).append("status", 1).append("modelFile", 1))
                .into(new java.util.ArrayList<>())) {
            if (kept < keep || ModelCard.SERVING.equals(d.getString("status"))) {
                kept++;
                continue;
            }
            long version = d.get("version", Number.class).longValue();
            String file = d.getString("modelFile");
            if (file != null) {
                files().find(Filters.eq("filename", file)).forEach(f -> files().delete(f.getId()));
            }
            samples().deleteOne(Filters.eq("_id", version));
            cards().deleteOne(Filters.eq("_id", version));
            removed.add(version);
        }
        return removed;
    }

    /** Whether the forest file of a model is stored. */
    boolean hasModelFile(String name) {
        return files().find(Filters.eq("filename", name)).first() != null;
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
