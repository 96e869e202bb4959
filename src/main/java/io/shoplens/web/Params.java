package io.shoplens.web;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;

/** Numbers from query parameters and form fields, with a 400 naming the field when they are not numbers. */
final class Params {
    private Params() {
    }

    /** A required whole number; blank counts as not a number. */
    static int wholeNumber(String field, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw notWhole(field, value);
        }
    }

    /** An optional whole number: null when blank. */
    static Long optionalLong(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw notWhole(field, value);
        }
    }

    /** An optional whole number that must fit an int: null when blank. */
    static Integer optionalInt(String field, String value) {
        Long parsed = optionalLong(field, value);
        if (parsed != null && (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE)) {
            throw new ValidationException(field, Quote.of(value) + " is too large");
        }
        return parsed == null ? null : parsed.intValue();
    }

    private static ValidationException notWhole(String field, String value) {
        return new ValidationException(field, Quote.of(value) + " is not a whole number");
    }
}
