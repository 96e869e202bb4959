package io.shoplens.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ExpiringTest {

    /** A read that began before a writer set the new value must not put the old one back. */
    @Test
    void aValueSetDuringAReadIsNotOverwrittenByIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch set = new CountDownLatch(1);
        Expiring<String> value = new Expiring<>(Duration.ofMinutes(1), () -> {
            reading.countDown();
            try {
                set.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "old";
        });
        CompletableFuture<String> read = CompletableFuture.supplyAsync(value::get);
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        value.set("new");
        set.countDown();
        assertEquals("new", read.get(10, TimeUnit.SECONDS), "the reader answers the newer value");
        assertEquals("new", value.get(), "and the cache keeps it");
    }
}
