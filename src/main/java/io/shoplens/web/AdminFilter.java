package io.shoplens.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;

import io.vertx.core.http.HttpServerRequest;

/** HTTP Basic for the admin; passwords are compared in constant time, and repeated wrong ones are throttled. */
public class AdminFilter {
    static final String USER = "admin";

    @Inject
    AdminConfig config;
    @Inject
    LoginThrottle throttle;

    @ServerRequestFilter
    @AdminOnly
    public Optional<Response> requireAdmin(ContainerRequestContext request, HttpServerRequest http) {
        Optional<String> password = config.password().filter(p -> !p.isBlank());
        if (password.isEmpty()) {
            return Optional.of(Problems.response(Response.Status.FORBIDDEN, "Writing is disabled",
                    "No admin password is configured. Set SHOPLENS_ADMIN_PASSWORD (or shoplens.admin.password) and"
                            + " send it as user 'admin' with HTTP Basic authentication."));
        }
        String client = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        Optional<Duration> wait = throttle.blockedFor(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return Optional.of(Response.fromResponse(Problems.response(Response.Status.TOO_MANY_REQUESTS,
                    "Too many wrong passwords", "Too many wrong admin passwords from this address; try again in "
                            + seconds + " s (shoplens.admin.throttle.max-failures within"
                            + " shoplens.admin.throttle.window)."))
                    .header(HttpHeaders.RETRY_AFTER, seconds).build());
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!matches(authorization, password.get())) {
            // Only a password that was sent is a guess: a browser asks without one first, on every page.
            if (authorization != null) {
                throttle.failed(client);
            }
            return Optional.of(Response.fromResponse(Problems.response(Response.Status.UNAUTHORIZED,
                    "Authentication required", "This endpoint changes data: log in as user 'admin' with the"
                            + " configured admin password (HTTP Basic)."))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ShopLens\", charset=\"UTF-8\"").build());
        }
        throttle.succeeded(client);
        return Optional.empty();
    }

    /** With {@code shoplens.admin.protect-reads}, every page and API call needs the admin login. */
    @ServerRequestFilter
    public Optional<Response> requireAdminToRead(ContainerRequestContext request, HttpServerRequest http) {
        return config.protectReads() ? requireAdmin(request, http) : Optional.empty();
    }

    static boolean matches(String authorization, String password) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (USER + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, decoded.getBytes(StandardCharsets.UTF_8));
    }
}
