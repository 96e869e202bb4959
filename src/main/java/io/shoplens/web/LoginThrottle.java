package io.shoplens.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows down password guessing: after {@code max-failures} wrong passwords from one client address within the window
 * (which starts at its first failure), that address gets 429 until the window ends, right password or not. A right
 * password before that forgets the failures. Other addresses, the admin's own among them, are not affected.
 */
@ApplicationScoped
class LoginThrottle {
    /** Beyond this many tracked addresses, expired entries are dropped, so that the map stays small. */
    private static final int PRUNE_ABOVE = 10_000;

    @Inject
    AdminConfig config;
    @Inject
    Clock clock;

    private record Failures(Instant since, int count) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** How long the client must wait, or empty when it may try. */
    Optional<Duration> blockedFor(String client) {
        Failures f = failures.get(client);
        if (f == null || f.count() < config.throttle().maxFailures()) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.since().plus(config.throttle().window()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    void failed(String client) {
        Instant now = clock.instant();
        Duration window = config.throttle().window();
        failures.compute(client, (key, f) -> f == null || !now.isBefore(f.since().plus(window))
                ? new Failures(now, 1) : new Failures(f.since(), f.count() + 1));
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(f -> !now.isBefore(f.since().plus(window)));
        }
    }

    void succeeded(String client) {
        failures.remove(client);
    }
}
