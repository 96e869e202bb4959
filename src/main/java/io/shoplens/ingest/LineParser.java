package io.shoplens.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shoplens.common.FormulaGuard;
import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;
import io.shoplens.ingest.ImportOptions.Column;

/**
 * Turns one CSV record into an order line, or says what is wrong with it and in which column. Knows both layouts:
 * Online Retail II (invoices starting with C are cancellations, read as returns unless returns=false; rows without a
 * customer are skipped) and generic (negative quantities or amounts are returns when returns=true, errors otherwise).
 */
final class LineParser {
    private static final List<DateTimeFormatter> AUTO_DATES = List.of(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]", Locale.ROOT), DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.BASIC_ISO_DATE, DateTimeFormatter.ofPattern("M/d/yyyy H:mm[:ss]", Locale.ROOT),
            DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT));

    /** Quantities are ints in the documents; a larger one is a typo, not an order. */
    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(1_000_000_000);

    private final ImportOptions options;
    private final ImportOptions.Format format;
    private final Map<Column, Integer> index = new EnumMap<>(Column.class);
    private final List<String> headerNames;
    private final LocalDate earliest;
    private final LocalDate latest;
    private final boolean returns;
    private final java.util.Set<String> feeCodes;

    /** Outcome of one record: a line, a line to skip (with the reason), or an error. */
    record Outcome(ImportLine line, String skipped, ImportError error) {
        static Outcome ok(ImportLine line) {
            return new Outcome(line, null, null);
        }

        static Outcome skip(String reason) {
            return new Outcome(null, reason, null);
        }

        static Outcome error(ImportError error) {
            return new Outcome(null, null, error);
        }
    }

    /**
     * Order dates must lie between {@code earliest} and {@code latest}, both included; products whose id is one of
     * {@code feeCodes} (any case) are fees.
     */
    LineParser(ImportOptions options, List<String> header, LocalDate earliest, LocalDate latest,
            List<String> feeCodes) {
        this.options = options;
        this.earliest = earliest;
        this.latest = latest;
        this.headerNames = header == null ? List.of() : header.stream().map(LineParser::normalise).toList();
        this.format = options.format() != null ? options.format() : detect(headerNames);
        this.returns = options.returnsFor(format);
        this.feeCodes = feeCodes(feeCodes);
        resolveColumns();
    }

    /** {@code shoplens.ingest.fee-codes} as the upper-case set a product id, upper-cased, is looked up in. */
    static java.util.Set<String> feeCodes(List<String> configured) {
        return configured.stream().map(code -> code.trim().toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
    }

    ImportOptions.Format format() {
        return format;
    }

    static ImportOptions.Format detect(List<String> header) {
        boolean invoice = header.contains("invoice") || header.contains("invoiceno");
        return invoice && header.contains("stockcode") ? ImportOptions.Format.ONLINE_RETAIL
                : ImportOptions.Format.GENERIC;
    }

    private void resolveColumns() {
        List<FieldError> problems = new ArrayList<>();
        if (format == ImportOptions.Format.ONLINE_RETAIL) {
            require(Column.ORDER, List.of("invoice", "invoiceno"), 1, problems);
            require(Column.PRODUCT, List.of("stockcode"), 2, problems);
            require(Column.PRODUCT_NAME, List.of("description"), 3, problems);
            require(Column.QUANTITY, List.of("quantity"), 4, problems);
            require(Column.DATE, List.of("invoicedate"), 5, problems);
            require(Column.PRICE, List.of("price", "unitprice"), 6, problems);
            require(Column.CUSTOMER, List.of("customer id", "customerid", "customer_id"), 7, problems);
            require(Column.COUNTRY, List.of("country"), 8, problems);
        } else {
            for (Column column : Column.values()) {
                String mapped = options.columns().get(column);
                Integer at = mapped != null ? byMapping(column, mapped, problems) : byName(column.names);
                if (at != null) {
                    index.put(column, at);
                }
            }
            if (!index.containsKey(Column.CUSTOMER)) {
                problems.add(new FieldError("columns", "no customer column: name one with customer=<header or column"
                        + " number>"));
            }
            if (!index.containsKey(Column.DATE)) {
                problems.add(new FieldError("columns", "no date column: name one with date=<header or column"
                        + " number>"));
            }
            if (!index.containsKey(Column.AMOUNT)
                    && !(index.containsKey(Column.QUANTITY) && index.containsKey(Column.PRICE))) {
                problems.add(new FieldError("columns", "no amount column, nor quantity and price columns: map"
                        + " amount=, or quantity= and price="));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private void require(Column column, List<String> names, int position, List<FieldError> problems) {
        Integer at = options.header() ? byName(names) : Integer.valueOf(position - 1);
        if (at == null) {
            problems.add(new FieldError("columns", "the Online Retail layout needs a column " + names.get(0)
                    + " (found: " + Quote.message(String.join(", ", headerNames), 200) + ")"));
        } else {
            index.put(column, at);
        }
    }

    private Integer byName(List<String> names) {
        for (String name : names) {
            int at = headerNames.indexOf(name);
            if (at >= 0) {
                return at;
            }
        }
        return null;
    }

    private Integer byMapping(Column column, String mapped, List<FieldError> problems) {
        if (mapped.chars().allMatch(Character::isDigit)) {
            int at = mapped.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(mapped) - 1;
            if (at < 0) {
                problems.add(new FieldError(column.parameter(), "column numbers start at 1"));
                return null;
            }
            // Without a header the width of the file is not known yet; with one, a column past it never has a value.
            if (options.header() && at >= headerNames.size()) {
                problems.add(new FieldError(column.parameter(), "column " + Quote.of(mapped) + " does not exist: the"
                        + " header has " + headerNames.size() + " columns"));
                return null;
            }
            return at;
        }
        int at = headerNames.indexOf(normalise(mapped));
        if (at < 0) {
            problems.add(new FieldError(column.parameter(), Quote.of(mapped) + " is not a header (found: "
                    + Quote.message(String.join(", ", headerNames), 200) + ")"));
            return null;
        }
        return at;
    }

    Outcome parse(List<String> record, int line) {
        String order = field(record, Column.ORDER);
        boolean cancellation = format == ImportOptions.Format.ONLINE_RETAIL && order != null
                && order.toUpperCase(Locale.ROOT).startsWith("C");
        if (cancellation && !returns) {
            return Outcome.skip(ImportReport.CANCELLATION);
        }
        String customer = normaliseId(field(record, Column.CUSTOMER));
        if (customer == null) {
            return Outcome.skip(ImportReport.NO_CUSTOMER);
        }
        String dateText = field(record, Column.DATE);
        Instant date = date(dateText);
        if (date == null) {
            return error(line, Column.DATE, dateText == null ? "the date is missing"
                    : Quote.of(dateText) + " is not a date" + (options.dateFormat() == null
                            ? " (automatic formats: ISO, yyyyMMdd, M/d/yyyy H:mm; set dateFormat= for others)" : ""));
        }
        LocalDate day = date.atZone(ZoneOffset.UTC).toLocalDate();
        if (day.isBefore(earliest) || day.isAfter(latest)) {
            return error(line, Column.DATE, Quote.of(dateText) + " is outside the accepted dates, " + earliest + " to "
                    + latest + " (shoplens.ingest.earliest-date and latest-date-ahead)");
        }
        int quantity = 1;
        // A returned line: a cancellation invoice's, or any with a negative quantity or amount when returns are on.
        boolean returned = cancellation;
        String quantityText = field(record, Column.QUANTITY);
        if (quantityText != null) {
            BigDecimal q = number(quantityText);
            if (q == null || q.stripTrailingZeros().scale() > 0 || q.abs().compareTo(MAX_QUANTITY) > 0) {
                return error(line, Column.QUANTITY, Quote.of(quantityText) + " is not a whole number"
                        + (q != null && q.abs().compareTo(MAX_QUANTITY) > 0 ? " of at most " + MAX_QUANTITY : ""));
            }
            if (q.signum() == 0 || q.signum() < 0 && !returns) {
                return error(line, Column.QUANTITY, "the quantity must be positive, was " + Quote.of(quantityText)
                        + (q.signum() == 0 ? "" : format == ImportOptions.Format.ONLINE_RETAIL
                                ? " (send returns=true to import cancellations and returns)"
                                : " (send returns=true to import negative quantities as returns)"));
            }
            returned |= q.signum() < 0;
            quantity = q.abs().intValueExact();
        }
        BigDecimal unitPrice;
        String priceText = field(record, Column.PRICE);
        String amountText = field(record, Column.AMOUNT);
        if (priceText != null) {
            unitPrice = number(priceText);
            if (unitPrice == null) {
                return error(line, Column.PRICE, Quote.of(priceText) + " is not a number");
            }
        } else if (amountText != null) {
            BigDecimal amount = number(amountText);
            if (amount == null) {
                return error(line, Column.AMOUNT, Quote.of(amountText) + " is not a number");
            }
            if (amount.signum() < 0 && returns) {
                returned = true;
                amount = amount.negate();
            }
            unitPrice = amount.divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP);
        } else {
            return error(line, index.containsKey(Column.PRICE) ? Column.PRICE : Column.AMOUNT, "the amount is missing");
        }
        Column money = priceText != null ? Column.PRICE : Column.AMOUNT;
        if (unitPrice.signum() < 0) {
            return error(line, money, "the price must not be negative, was "
                    + Quote.of(priceText != null ? priceText : amountText));
        }
        if (Amounts.lineTooLarge(unitPrice, quantity)) {
            return error(line, money, "the line comes to more than " + Amounts.LARGEST + " ("
                    + Quote.of(priceText != null ? quantity + " × " + priceText : amountText) + ")");
        }
        BigDecimal discount = BigDecimal.ZERO;
        String discountText = field(record, Column.DISCOUNT);
        if (discountText != null) {
            discount = number(discountText);
            if (discount == null || discount.signum() < 0) {
                return error(line, Column.DISCOUNT, Quote.of(discountText) + " is not a non-negative number");
            }
            if (Amounts.tooLarge(discount)) {
                return error(line, Column.DISCOUNT, Quote.of(discountText) + " is more than " + Amounts.LARGEST);
            }
        }
        String product = field(record, Column.PRODUCT);
        String productName = field(record, Column.PRODUCT_NAME);
        if (product == null) {
            product = productName != null ? productName : "unknown";
        }
        if (productName == null) {
            productName = product;
        }
        String orderKey = order != null ? order : customer + "@" + date;
        return Outcome.ok(new ImportLine(orderKey, customer, date, product, productName,
                returned ? -quantity : quantity, unitPrice.setScale(2, RoundingMode.HALF_UP),
                field(record, Column.COUNTRY), field(record, Column.PROMO), discount.setScale(2, RoundingMode.HALF_UP),
                feeCodes.contains(product.toUpperCase(Locale.ROOT))));
    }

    private Outcome error(int line, Column column, String message) {
        Integer at = index.get(column);
        String name = at == null ? column.parameter()
                : at < headerNames.size() ? headerNames.get(at) : "column " + (at + 1);
        return Outcome.error(new ImportError(line, at == null ? 0 : at + 1, name, message));
    }

    private String field(List<String> record, Column column) {
        Integer at = index.get(column);
        if (at == null || at >= record.size()) {
            return null;
        }
        String value = record.get(at).trim();
        return value.isEmpty() ? null : FormulaGuard.unescape(value);
    }

    private BigDecimal number(String text) {
        String cleaned = text.replace(" ", "").replace("\u00A0", "");
        if (options.decimalSeparator() == ',') {
            cleaned = cleaned.replace(".", "").replace(',', '.');
        }
        try {
            return new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Instant date(String text) {
        if (text == null) {
            return null;
        }
        if (options.dateFormat() != null) {
            return parse(options.dateFormat(), text);
        }
        for (DateTimeFormatter formatter : AUTO_DATES) {
            Instant instant = parse(formatter, text);
            if (instant != null) {
                return instant;
            }
        }
        return null;
    }

    private static Instant parse(DateTimeFormatter formatter, String text) {
        try {
            TemporalAccessor parsed = formatter.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
            if (parsed instanceof OffsetDateTime odt) {
                return odt.toInstant();
            }
            if (parsed instanceof LocalDateTime ldt) {
                return ldt.toInstant(ZoneOffset.UTC);
            }
            return ((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException | ClassCastException e) {
            return null;
        }
    }

    /** Spreadsheet exports write customer ids as 12346.0. */
    private static String normaliseId(String id) {
        if (id == null) {
            return null;
        }
        return id.endsWith(".0") && id.substring(0, id.length() - 2).chars().allMatch(Character::isDigit)
                ? id.substring(0, id.length() - 2) : id;
    }

    private static String normalise(String header) {
        return header.trim().toLowerCase(Locale.ROOT);
    }
}
