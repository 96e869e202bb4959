package io.shoplens.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The largest request body, {@code quarkus.http.limits.max-body-size}, answered with problem JSON that names it.
 * Quarkus enforces it with an empty 413; for a streamed raw import it does so inside the stream, after which the
 * import's own error could not be written ("Response has already been written"). So a declared length over the limit
 * is refused here before Quarkus sees it, and the raw import counts its own bytes as it receives them and stops at the
 * first one over.
 */
@ApplicationScoped
class BodyLimit {
    /** The routing-context key by which Quarkus's request stream enforces the limit. */
    private static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";

    private final long limit;
    private final String configured;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") String configured) {
        this.limit = limit.asLongValue();
        this.configured = configured;
    }

    String message() {
        return "The request body is larger than the limit of " + configured + " (" + limit + " bytes,"
                + " quarkus.http.limits.max-body-size); nothing was changed. Send a smaller file.";
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseDeclaredLength);
        router.post("/api/import").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::countInImport);
    }

    private void refuseDeclaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared > limit) {
            refuse(context);
            return;
        }
        context.next();
    }

    /** The raw-body import counts its bytes itself ({@link #limited}); multipart uploads keep Quarkus's limit. */
    private void countInImport(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            context.remove(QUARKUS_LIMIT_KEY);
        }
        context.next();
    }

    private void refuse(RoutingContext context) {
        JsonObject problem = new JsonObject().put("type", "about:blank").put("title", "Request body too large")
                .put("status", 413).put("detail", message()).put("errors", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("field", "body").put("message", message())));
        // The rest of the body is never read, so the connection cannot carry another request.
        context.response().setStatusCode(413).putHeader(HttpHeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .endHandler(v -> context.request().connection().close())
                .end(problem.encode());
    }

    /** The body, failing with a 413 at the first byte over the limit. */
    InputStream limited(InputStream body) {
        return new FilterInputStream(body) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > limit) {
                    throw new BodyTooLargeException(message());
                }
            }
        };
    }

    /** Bad input like any other (nothing changes), but answered 413. */
    static final class BodyTooLargeException extends io.shoplens.common.ValidationException {
        BodyTooLargeException(String message) {
            super("body", message);
        }
    }
}
