package io.shoplens.store;

import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * mongo-java-server's H2 backend with a {@code renameCollection} that moves the collection's storage. The stock
 * backend (1.47.0) renames the collection in its catalogue but not the MVStore maps that hold its documents and its
 * {@code _id} index: the live collection is served from maps still named after the staging collection until the
 * process ends, a new staging collection of that name opens the same maps (E11000 on the second dataset), and after
 * a restart the renamed collection opens empty maps under its new name, so the dataset is gone. Every dataset swap
 * depends on rename being right; {@code H2StorageTest} checks this class against those three failures.
 */
final class H2FileBackend extends H2Backend {
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String INDEX_INFIX = "._index_";

    H2FileBackend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new RenamingDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class RenamingDatabase extends H2Database {
        private final MVStore store;

        RenamingDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
            this.store = store;
        }

        @Override
        public synchronized void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection,
                String newCollectionName) {
            String from = collection.getFullName();
            String to = collection.getDatabaseName() + "." + newCollectionName;
            // The stock move updates the catalogue and then "renames" the new name's (empty) maps onto themselves.
            super.moveCollection(oldDatabase, collection, newCollectionName);
            rename(DATA_PREFIX + from, DATA_PREFIX + to);
            rename(META_PREFIX + from, META_PREFIX + to);
            List<String> indexMaps = new ArrayList<>();
            for (String name : store.getMapNames()) {
                if (name.startsWith(from + INDEX_INFIX)) {
                    indexMaps.add(name);
                }
            }
            for (String name : indexMaps) {
                rename(name, to + name.substring(from.length()));
            }
            store.commit();
        }

        /** Moves map {@code from} to {@code to}, replacing whatever map had that name. */
        private void rename(String from, String to) {
            if (!store.hasMap(from)) {
                return;
            }
            if (store.hasMap(to)) {
                store.removeMap(to);
            }
            store.renameMap(store.openMap(from), to);
        }
    }
}
