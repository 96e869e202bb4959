package io.shoplens.web;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may change data. */
@ConfigMapping(prefix = "shoplens.admin")
public interface AdminConfig {

    /**
     * Password of the user {@code admin} for every state-changing endpoint (HTTP Basic). Unset means no one may
     * write: such requests answer 403 saying how to set it (env {@code SHOPLENS_ADMIN_PASSWORD}).
     */
    Optional<String> password();

    /** Whether reading (pages and GET endpoints) needs the admin login too; by default only writes do. */
    @WithDefault("false")
    boolean protectReads();

    /** Slowing down password guessing, per client address. */
    Throttle throttle();

    interface Throttle {
        /** Wrong passwords a client may send within the window; further attempts answer 429 until it ends. */
        @WithDefault("10")
        int maxFailures();

        /** The window (ISO-8601 duration), counted from the client's first wrong password. */
        @WithDefault("PT5M")
        Duration window();
    }
}
