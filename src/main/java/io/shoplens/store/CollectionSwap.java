package io.shoplens.store;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.RenameCollectionOptions;

/** Replaces one derived collection whole: written under a staging name, then renamed over the live one. */
public final class CollectionSwap {
    private static final int BATCH = 5000;

    private CollectionSwap() {
    }

    public static <T> void replace(String collection, Class<T> type, Iterable<T> documents) {
        MongoDatabase db = DatasetStore.database();
        String stagingName = collection + DatasetStore.STAGING_SUFFIX;
        DatasetStore.dropIfExists(stagingName);
        MongoCollection<T> staging = db.getCollection(stagingName, type);
        List<T> batch = new ArrayList<>(BATCH);
        boolean any = false;
        for (T document : documents) {
            batch.add(document);
            if (batch.size() == BATCH) {
                staging.insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
            any = true;
        }
        if (!batch.isEmpty()) {
            staging.insertMany(batch, new InsertManyOptions().ordered(false));
        }
        if (!any) {
            DatasetStore.dropIfExists(collection);
            return;
        }
        staging.renameCollection(new MongoNamespace(db.getName(), collection),
                new RenameCollectionOptions().dropTarget(true));
    }
}
