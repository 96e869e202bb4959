package io.shoplens.common;

/**
 * A bad value as error messages quote it: in quotes, and cut to a short prefix, so that a 20 MB value sent by mistake
 * (or on purpose) is not echoed back in the answer and the job status.
 */
public final class Quote {
    /** Enough to recognise a value; the length says how much was cut. */
    public static final int MAX_CHARS = 40;

    private Quote() {
    }

    public static String of(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return "'" + text + "'";
        }
        // Cut at a code point boundary, so that the prefix stays valid UTF-16.
        int end = text.offsetByCodePoints(0, text.codePointCount(0, MAX_CHARS));
        return "'" + text.substring(0, end) + "…' (" + text.length() + " characters)";
    }

    /** A message from a library that may contain the input: kept whole when short, else cut with an ellipsis. */
    public static String message(String message, int max) {
        if (message == null || message.length() <= max) {
            return message;
        }
        return message.substring(0, message.offsetByCodePoints(0, message.codePointCount(0, max))) + "…";
    }
}
