package io.shoplens.ingest;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;

/**
 * How to read an import: the layout (detected from the header when not given), delimiter, header, date format,
 * decimal separator, what to do with invalid lines, and for the generic layout which column holds what.
 *
 * @param format null to detect from the header
 * @param dateFormat null for automatic: ISO date-times and dates, yyyyMMdd, and M/d/yyyy H:mm as in UCI exports
 * @param columns generic layout only: a header name or a 1-based column number per field; missing fields use the
 *        usual header names
 * @param returns whether negative quantities and amounts (and Online Retail's C invoices) are imported as returns;
 *        null for the layout's default (see {@link Format#returnsByDefault})
 * @param append the file's orders are added to the current dataset (mode=append) instead of replacing it
 */
public record ImportOptions(Format format, char delimiter, boolean header, DateTimeFormatter dateFormat,
        char decimalSeparator, boolean skipInvalid, Map<Column, String> columns, String fileName, Boolean returns,
        boolean append) {

    public enum Format {
        /** Its cancellation invoices are returns by definition. */
        ONLINE_RETAIL(true),
        /** A negative quantity in an arbitrary file is as likely a mistake as a return: the user says which. */
        GENERIC(false);

        final boolean returnsByDefault;

        Format(boolean returnsByDefault) {
            this.returnsByDefault = returnsByDefault;
        }
    }

    /** Whether returns are imported, for a file of {@code layout}. */
    boolean returnsFor(Format layout) {
        return returns != null ? returns : layout.returnsByDefault;
    }

    /** The fields of the generic layout, with the header names recognised when no mapping is given. */
    public enum Column {
        CUSTOMER("customer", "customer_id", "customerid", "customer id", "client"),
        ORDER("order", "order_id", "orderid", "invoice", "invoiceno"),
        DATE("date", "order_date", "orderdate", "invoicedate", "timestamp"),
        AMOUNT("amount", "total", "revenue", "line_total"),
        QUANTITY("quantity", "qty"),
        PRICE("price", "unit_price", "unitprice"),
        COUNTRY("country"),
        PRODUCT("product", "product_id", "productid", "sku", "stockcode"),
        PRODUCT_NAME("product_name", "productname", "description", "name"),
        PROMO("promo", "promo_code", "promocode", "coupon"),
        DISCOUNT("discount");

        final List<String> names;

        Column(String... names) {
            this.names = List.of(names);
        }

        String parameter() {
            return names.get(0).equals("product_name") ? "productName" : names.get(0);
        }
    }

    static final int MAX_FILE_NAME = 255;

    /** Options from query parameters or form fields; every bad one is reported. */
    public static ImportOptions parse(Map<String, String> params, String fileName) {
        List<FieldError> errors = new ArrayList<>();
        Format format = null;
        String formatParam = value(params, "format");
        if (formatParam != null) {
            switch (formatParam.toLowerCase(Locale.ROOT)) {
                case "online-retail", "online_retail" -> format = Format.ONLINE_RETAIL;
                case "generic" -> format = Format.GENERIC;
                default -> errors.add(new FieldError("format", "unknown format " + Quote.of(formatParam)
                        + "; use online-retail or generic (or leave it out to detect it from the header)"));
            }
        }
        char delimiter = ',';
        String delimiterParam = value(params, "delimiter");
        if (delimiterParam != null) {
            switch (delimiterParam.toLowerCase(Locale.ROOT)) {
                case "comma", "," -> delimiter = ',';
                case "semicolon", ";" -> delimiter = ';';
                case "tab", "\\t", "\t" -> delimiter = '\t';
                case "whitespace", "space" -> delimiter = CsvReader.WHITESPACE;
                case "pipe", "|" -> delimiter = '|';
                default -> errors.add(new FieldError("delimiter", "unknown delimiter " + Quote.of(delimiterParam)
                        + "; use comma, semicolon, tab, whitespace or pipe"));
            }
        }
        boolean header = bool(params, "header", true, errors);
        boolean skipInvalid = bool(params, "skipInvalid", false, errors);
        Boolean returns = value(params, "returns") == null ? null : bool(params, "returns", false, errors);
        boolean append = false;
        String mode = value(params, "mode");
        if (mode != null) {
            switch (mode.toLowerCase(Locale.ROOT)) {
                case "replace" -> append = false;
                case "append" -> append = true;
                default -> errors.add(new FieldError("mode", "unknown mode " + Quote.of(mode) + "; use replace (a"
                        + " new dataset, the default) or append (add the file's orders to the current one)"));
            }
        }
        DateTimeFormatter dateFormat = null;
        String dateParam = value(params, "dateFormat");
        if (dateParam != null && !dateParam.equalsIgnoreCase("auto") && !dateParam.equalsIgnoreCase("iso")) {
            try {
                dateFormat = DateTimeFormatter.ofPattern(dateParam, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("dateFormat", Quote.of(dateParam) + " is not a date pattern such as"
                        + " dd/MM/yyyy HH:mm (" + Quote.message(e.getMessage(), 100) + ")"));
            }
        }
        char decimal = '.';
        String decimalParam = value(params, "decimal");
        if (decimalParam != null) {
            switch (decimalParam) {
                case ".", "dot", "point" -> decimal = '.';
                case ",", "comma" -> decimal = ',';
                default -> errors.add(new FieldError("decimal", "use . or , as the decimal separator"));
            }
        }
        if (decimal == ',' && delimiter == ',') {
            errors.add(new FieldError("delimiter", "a comma cannot be both the delimiter and the decimal separator;"
                    + " use delimiter=semicolon"));
        }
        Map<Column, String> columns = new EnumMap<>(Column.class);
        for (Column column : Column.values()) {
            String mapped = value(params, column.parameter());
            if (mapped != null) {
                columns.put(column, mapped);
            }
        }
        // Shown on /data and in /api/dataset: a 3,000-character name ran out of its card over the next one.
        if (fileName != null && fileName.length() > MAX_FILE_NAME) {
            errors.add(new FieldError("fileName", "longer than " + MAX_FILE_NAME + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ImportOptions(format, delimiter, header, dateFormat, decimal, skipInvalid, columns, fileName,
                returns, append);
    }

    private static String value(Map<String, String> params, String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static boolean bool(Map<String, String> params, String name, boolean fallback, List<FieldError> errors) {
        String v = value(params, name);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> {
                return true;
            }
            case "false", "no", "0", "off" -> {
                return false;
            }
            default -> {
                errors.add(new FieldError(name, Quote.of(v) + " is not true or false"));
                return fallback;
            }
        }
    }
}
