package io.shoplens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The dataset swap on the H2 file backend: stage, rename over the live collection, again and again, across restarts.
 * The stock backend failed each of these (E11000 on the second staging, an empty collection after a restart).
 */
class H2StorageTest {
    @TempDir
    Path dir;

    @Test
    void renamedCollectionsKeepTheirDocumentsAndIndexAcrossSwapsAndRestarts() {
        String file = dir.resolve("shoplens.mv").toString();
        for (int restart = 0; restart < 3; restart++) {
            try (Server server = new Server(file)) {
                MongoDatabase db = server.client.getDatabase("t");
                if (restart > 0) {
                    MongoCollection<Document> live = db.getCollection("orders");
                    assertEquals(4 + restart, live.countDocuments(), "the dataset swapped in last before restart " + restart);
                    assertNotNull(live.find(Filters.eq("_id", "o3")).first(), "lookup by _id after a restart");
                    assertThrows(MongoWriteException.class, () -> live.insertOne(new Document("_id", "o1")),
                            "the _id index of the live collection still holds its ids");
                    live.deleteOne(Filters.eq("_id", "o1"));
                    live.insertOne(new Document("_id", "o1").append("n", -1));
                }
                List<String> names = db.listCollectionNames().into(new ArrayList<>());
                if (names.contains("orders_staging")) {
                    db.getCollection("orders_staging").drop();
                }
                // Two swaps per run, the second with one more document, with the same ids as the live data.
                for (int swap = 0; swap < 2; swap++) {
                    int size = 5 + restart + (swap == 0 ? -1 : 0);
                    MongoCollection<Document> staging = db.getCollection("orders_staging");
                    staging.insertMany(documents(size));
                    staging.renameCollection(new MongoNamespace("t", "orders"),
                            new RenameCollectionOptions().dropTarget(true));
                    MongoCollection<Document> live = db.getCollection("orders");
                    assertEquals(size, live.countDocuments());
                    assertEquals(size - 1, live.find(Filters.eq("_id", "o" + (size - 1))).first().getInteger("n"));
                    assertTrue(!db.listCollectionNames().into(new ArrayList<>()).contains("orders_staging"));
                }
            }
        }
    }

    private static List<Document> documents(int n) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            documents.add(new Document("_id", "o" + i).append("n", i));
        }
        return documents;
    }

    private static final class Server implements AutoCloseable {
        final H2FileBackend backend;
        final MongoServer server;
        final MongoClient client;

        Server(String file) {
            backend = new H2FileBackend(file);
            server = new MongoServer(backend);
            client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
            backend.close();
        }
    }
}
