package io.shoplens.testing;

import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An in-memory mongo-java-server on a random loopback port for each test application. Tests can take the database
 * away and bring it back on the same port with its data: fields {@code Runnable stopDatabase} and
 * {@code Runnable startDatabase} in a test class are filled in.
 */
public class EmbeddedMongoResource implements QuarkusTestResourceLifecycleManager {
    /** Keeps its data when the server stops: the stock backend forgets everything on close. */
    private final MemoryBackend backend = new MemoryBackend() {
        @Override
        public void close() {
        }
    };
    private MongoServer server;
    private int port;

    @Override
    public Map<String, String> start() {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        port = server.getLocalAddress().getPort();
        return Map.of("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + port);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields((Runnable) this::stopServer,
                field -> field.getName().equals("stopDatabase") && field.getType() == Runnable.class);
        injector.injectIntoFields((Runnable) this::restartServer,
                field -> field.getName().equals("startDatabase") && field.getType() == Runnable.class);
    }

    private synchronized void stopServer() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    private synchronized void restartServer() {
        if (server == null) {
            server = new MongoServer(backend);
            server.bind("127.0.0.1", port);
        }
    }

    @Override
    public void stop() {
        stopServer();
    }
}
