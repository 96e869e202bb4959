package io.shoplens.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TimeZone;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts mongo-java-server on 127.0.0.1 when no {@code quarkus.mongodb.connection-string} is set. The MongoDB client
 * then reaches it through {@code quarkus.mongodb.hosts} (see application.properties); the client connects lazily, so
 * starting first among the startup observers is early enough. Stopping on shutdown releases the port and closes the
 * H2 file, which dev-mode live reload relies on.
 */
@ApplicationScoped
public class EmbeddedMongo {
    private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class);

    @ConfigProperty(name = "quarkus.mongodb.connection-string")
    Optional<String> connectionString;

    @Inject
    StoreConfig config;

    private MongoServer server;
    private MongoBackend backend;

    void start(@Observes @Priority(1) StartupEvent event) {
        if (connectionString.isPresent()) {
            LOG.infof("Using the MongoDB at the configured connection string; no embedded server started");
            return;
        }
        // The embedded server's date operators follow the JVM's default zone; the data and the KPIs are in UTC.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        StoreConfig.Embedded embedded = config.embedded();
        backend = openBackend(embedded);
        server = new MongoServer(backend);
        try {
            server.bind(new InetSocketAddress("127.0.0.1", embedded.port()), 1, embedded.workerThreads());
        } catch (Exception e) { // Netty throws BindException undeclared
            stop(null);
            throw new EmbeddedMongoException("The embedded MongoDB cannot listen on 127.0.0.1:" + embedded.port()
                    + " (" + rootMessage(e) + "). Is another ShopLens or MongoDB running there? Stop it, choose another"
                    + " port with SHOPLENS_MONGO_EMBEDDED_PORT, or use your own MongoDB with"
                    + " QUARKUS_MONGODB_CONNECTION_STRING.");
        }
        LOG.infof("Embedded MongoDB (%s) listening: open it with mongosh or Compass at mongodb://127.0.0.1:%d",
                describe(embedded), embedded.port());
    }

    /** Whether this process serves the data itself (no connection string was configured). */
    boolean running() {
        return server != null;
    }

    /**
     * Writes the H2 file store's changes to its file now. By itself the store commits in the background about once a
     * second, so a process killed within that second lost writes it had already acknowledged (AppendDurabilityIT lost
     * the last six acknowledged batches of appends). Only this process's store: a client of it in another process
     * (a second replica given this server's connection string) cannot flush it.
     */
    void flush() {
        MongoBackend current = backend;
        if (current instanceof H2Backend h2) {
            h2.commit();
        }
    }

    /** After the app's own shutdown steps, which still write to it (the frame's snapshot, the live shop's lease). */
    void stop(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_AFTER)
            ShutdownEvent event) {
        if (server != null) {
            // shutdown() closes the app's still-connected clients with the event loops, and the backend; shutdownNow()
            // would close them one by one and log a WARN "Closing N clients" at every stop.
            server.shutdown();
            server = null;
            backend = null;
        }
    }

    private static MongoBackend openBackend(StoreConfig.Embedded embedded) {
        if (embedded.storage() == StoreConfig.Storage.MEMORY) {
            return new MemoryBackend();
        }
        Path file = dataFile(embedded);
        try {
            Files.createDirectories(file.getParent());
            return new H2FileBackend(file.toString());
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedMongoException("The embedded MongoDB cannot open its data file " + file + " ("
                    + rootMessage(e) + "). Is another ShopLens using it? Check the permissions, choose another"
                    + " directory with SHOPLENS_MONGO_EMBEDDED_PATH, or set SHOPLENS_MONGO_EMBEDDED_STORAGE=memory.");
        }
    }

    private static String describe(StoreConfig.Embedded embedded) {
        return embedded.storage() == StoreConfig.Storage.MEMORY ? "in memory"
                : "file " + dataFile(embedded);
    }

    private static Path dataFile(StoreConfig.Embedded embedded) {
        return Path.of(embedded.path(), "shoplens.mv").toAbsolutePath().normalize();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Start-up failures whose message tells the user what to do; the stack trace would add nothing. */
    public static final class EmbeddedMongoException extends RuntimeException {
        EmbeddedMongoException(String message) {
            super(message, null, false, false);
        }
    }
}
