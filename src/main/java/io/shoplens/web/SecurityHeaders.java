package io.shoplens.web;

import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Headers on every response, static files included: scripts, styles and images only from the app itself (no inline
 * code, which is why heatmaps use classes), no framing, no MIME sniffing. Dev UI under /q/dev-ui is left alone: it
 * relies on inline scripts and only runs in dev mode.
 */
public class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (!context.normalizedPath().startsWith("/q/dev-ui")) {
                context.response().headers()
                        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .set("X-Content-Type-Options", "nosniff")
                        .set("X-Frame-Options", "DENY")
                        .set("Referrer-Policy", "same-origin");
            }
            context.next();
        }, 100);
    }
}
