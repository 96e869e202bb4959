package io.shoplens.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the data lives when no MongoDB connection string is configured. */
@ConfigMapping(prefix = "shoplens.mongo")
public interface StoreConfig {

    Embedded embedded();

    interface Embedded {
        /** Port of the embedded MongoDB on 127.0.0.1. */
        @WithDefault("27017")
        int port();

        /** Directory of the embedded MongoDB's H2 file when {@code storage} is {@code file}. */
        @WithDefault("./data")
        String path();

        /** {@code file} keeps data across restarts; {@code memory} forgets it on shutdown. */
        @WithDefault("file")
        Storage storage();

        /**
         * Network threads of the embedded server. It runs each command on the thread of its connection, so a
         * minutes-long pipeline holds up every connection that shares that thread: many threads keep the pages'
         * connections off the busy one (Netty's default is two per core).
         */
        @WithDefault("64")
        int workerThreads();
    }

    enum Storage {
        FILE, MEMORY
    }
}
