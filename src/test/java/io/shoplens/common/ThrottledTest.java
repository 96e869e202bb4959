package io.shoplens.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ThrottledTest {

    @Test
    void requestsWhileARunIsBusyAreOneMoreRunNotOneEach() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Semaphore finished = new Semaphore(0);
        Throttled throttled = new Throttled("throttled-test", Duration.ofMillis(20), () -> {
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                await(release);
            }
            finished.release();
        });
        try {
            throttled.request();
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) {
                throttled.request();
            }
            release.countDown();
            assertTrue(finished.tryAcquire(2, 10, TimeUnit.SECONDS), "the first run and the one queued behind it");
            assertEquals(2, runs.get());
            // Nothing else was queued: a later request is a run of its own.
            throttled.request();
            assertTrue(finished.tryAcquire(1, 10, TimeUnit.SECONDS));
            assertEquals(3, runs.get());
        } finally {
            throttled.stop(java.time.Duration.ofSeconds(5));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
