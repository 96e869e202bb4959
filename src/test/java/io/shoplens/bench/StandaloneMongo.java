package io.shoplens.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The embedded server in a process of its own, as a stand-in for a real MongoDB (none can be installed here): the
 * app connected to it through a connection string holds only its own data in its heap, as it would in Kubernetes.
 * Usage: java -cp ... io.shoplens.bench.StandaloneMongo PORT
 */
public final class StandaloneMongo {
    private StandaloneMongo() {
    }

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-java-server (memory) listening on 127.0.0.1:" + args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        Thread.currentThread().join();
    }
}
