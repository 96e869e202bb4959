package io.shoplens.frame;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The in-process analysis frame. */
@ConfigMapping(prefix = "shoplens.frame")
public interface FrameConfig {

    /**
     * Largest frame held in memory, in bytes (69 per order and 16 per order line, measured): a dataset above it is
     * not analysed, and the pages say why. The default leaves room for the rest of the app in a 2 GiB container.
     */
    @WithDefault("800000000")
    long maxBytes();

    /**
     * How often each replica checks whether the served dataset changed under it (another replica's commit or
     * appends): appends through one pod show on the others within about this plus a second.
     */
    @WithDefault("1s")
    String pollEvery();

    /** Keep a compact copy of the frame in MongoDB (GridFS bucket {@code frames}) so that restarts load it. */
    @WithDefault("true")
    boolean snapshots();
}
