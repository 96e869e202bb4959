package io.shoplens.kpi;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;

/**
 * Which orders the KPIs cover: dates from and to (both included, UTC days) and one country; each part optional.
 */
public record KpiFilter(LocalDate from, LocalDate to, String country) {
    public static final KpiFilter ALL = new KpiFilter(null, null, null);

    /** Parses query parameters, reporting every bad one at once. */
    public static KpiFilter parse(String from, String to, String country) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate fromDate = date("from", from, errors);
        LocalDate toDate = date("to", to, errors);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            errors.add(new FieldError("from", "is after 'to' (" + from + " > " + to + ")"));
        }
        String trimmedCountry = country == null || country.isBlank() ? null : country.trim();
        if (trimmedCountry != null && trimmedCountry.length() > 100) {
            errors.add(new FieldError("country", "is longer than 100 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new KpiFilter(fromDate, toDate, trimmedCountry);
    }

    public boolean isAll() {
        return from == null && to == null && country == null;
    }

    private static LocalDate date(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            // ISO reads "-2025-01-01" and "+12025-01-01" as years; the date input and every export want four digits.
            if (date.getYear() < 1 || date.getYear() > 9999) {
                errors.add(new FieldError(name, Quote.of(value) + " is outside the years 0001 to 9999"));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, Quote.of(value) + " is not an ISO date such as 2025-01-31"));
            return null;
        }
    }
}
