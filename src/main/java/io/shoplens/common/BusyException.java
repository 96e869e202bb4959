package io.shoplens.common;

/**
 * Too much of one kind of costly work is running already (a burst of new KPI filters): answered with 503 and
 * Retry-After, so that the burst waits its turn instead of starving every other page of the CPU.
 */
public class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message, null, false, false);
    }
}
