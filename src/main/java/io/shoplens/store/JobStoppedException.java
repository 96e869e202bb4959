package io.shoplens.store;

/**
 * A generation or import cut off by the app's shutdown (or its thread's interruption), or an append refused because
 * the app is stopping: nothing was changed. Not an error of the input or the code, so it is answered 503 without a
 * stack trace.
 */
public final class JobStoppedException extends IllegalStateException {
    JobStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
