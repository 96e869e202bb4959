package io.shoplens.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;
import io.shoplens.store.Appends;
import io.shoplens.store.BulkLoader;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetJobRunner;
import io.shoplens.store.DatasetJobs;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Order;

/**
 * Reads a CSV stream line by line into a staging collection of order lines (memory stays bounded whatever the file
 * size), groups them into orders, customers and products with aggregation pipelines, and only then swaps the new
 * dataset in. A refused file or a failure on the way leaves the current dataset serving.
 */
@ApplicationScoped
public class Importer {
    private static final Logger LOG = Logger.getLogger(Importer.class);
    public static final int MAX_ERRORS = 50;
    static final String JOB_KIND = "import";
    static final String LINES = "import_lines_staging";
    static final String APPEND_LINES = "import_append_lines";
    static final String APPEND_ORDERS = "import_append_orders";
    static final String REPLACE = "replace";
    static final String APPEND = "append";
    private static final int BATCH = 5000;

    @Inject
    DatasetJobRunner runner;
    @Inject
    Clock clock;
    @Inject
    IngestConfig config;
    @Inject
    Appends appends;
    @Inject
    DatasetJobs jobs;

    public ImportReport importCsv(InputStream body, ImportOptions options) {
        if (options.append()) {
            return appendCsv(body, options);
        }
        DatasetJobs.Job job = runner.begin(JOB_KIND);
        Reading reading = new Reading();
        try {
            DatasetInfo committed = runner.run(job, (staging, running) -> stage(body, options, staging, running,
                    reading));
            LOG.infof("Imported %s: %d lines read, %d orders, %d customers", options.fileName(), reading.read,
                    committed.orders, committed.customers);
            return new ImportReport(true, options.fileName(), reading.format, reading.read, reading.imported,
                    reading.returnLines, committed.returns, reading.skipped, reading.errorCount, reading.errors, committed.orders, committed.customers,
                    committed.products, committed.firstOrderDate, committed.lastOrderDate, committed.version,
                    REPLACE, 0, 0);
        } finally {
            dropLines();
        }
    }

    /** What the reading pass saw, for the report. */
    private static final class Reading {
        long read;
        long imported;
        long returnLines;
        long errorCount;
        final List<ImportError> errors = new ArrayList<>();
        final Map<String, Long> skipped = new LinkedHashMap<>();
        String format;
        /** Whether a line carried a discount: only then can an order's discounts exceed its lines. */
        boolean discounted;

        ImportReport refused(String fileName) {
            return new ImportReport(false, fileName, format, read, 0, 0, 0, skipped, errorCount, errors, 0, 0, 0, null, null,
                    0, null, 0, 0);
        }
    }

    /** Reads every line into a lines collection, then builds orders, customers and products from it into staging. */
    private DatasetInfo stage(InputStream body, ImportOptions options, DatasetStore.Staging staging,
            DatasetJobs.Job job, Reading reading) throws InterruptedException {
        Instant started = clock.instant();
        DatasetStore.dropIfExists(LINES);
        MongoCollection<Document> lines = Order.mongoDatabase().getCollection(LINES);
        job.phase("reading lines", 0);
        readLines(body, options, lines, job::advance, reading);
        job.phase("building orders", 1);
        build(lines, staging, reading.discounted);
        return describe(staging, options, reading.read, reading.skipped, started);
    }

    /**
     * mode=append: the file's orders are added to the current dataset through {@link Appends}, so they are checked,
     * numbered and followed as appended orders are; an invoice already stored is skipped and counted, whatever it
     * holds. Not a dataset job (the dataset stays ready meanwhile); the file's lines and orders are staged in
     * collections of this request's own. Orders are handed over in batches: should one fail, the ones before it are
     * stored, and sending the same file again adds the rest.
     */
    public ImportReport appendCsv(InputStream body, ImportOptions options) {
        String suffix = "_" + java.util.UUID.randomUUID().toString().replace("-", "");
        String linesName = APPEND_LINES + suffix;
        String ordersName = APPEND_ORDERS + suffix;
        MongoDatabase db = Order.mongoDatabase();
        Reading reading = new Reading();
        try {
            try {
                readLines(body, options, db.getCollection(linesName), n -> {
                }, reading);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the file", e);
            }
            groupOrders(db.getCollection(linesName), ordersName, reading.discounted);
            java.util.Set<String> fees = LineParser.feeCodes(config.feeCodes());
            long added = 0;
            long stored = 0;
            long returns = 0;
            Appends.Result result = null;
            List<Order> batch = new ArrayList<>(BATCH);
            try (var cursor = db.getCollection(ordersName, Order.class).find()
                    .sort(new Document("date", 1).append("_id", 1)).batchSize(BATCH).cursor()) {
                while (cursor.hasNext()) {
                    batch.add(cursor.next());
                    if (batch.size() < BATCH && cursor.hasNext()) {
                        continue;
                    }
                    result = appends.appendSkippingStored(batch, fees);
                    added += result.accepted();
                    stored += result.duplicates();
                    returns += result.returns();
                    batch.clear();
                }
            }
            LOG.infof("Appended %s: %d lines read, %d orders added, %d already stored", options.fileName(),
                    reading.read, added, stored);
            return new ImportReport(true, options.fileName(), reading.format, reading.read, reading.imported,
                    reading.returnLines, returns, reading.skipped, reading.errorCount, reading.errors,
                    result == null ? 0 : result.orders(), 0, 0, null, null, result == null ? 0 : result.version(),
                    APPEND, added, stored);
        } finally {
            for (String name : List.of(linesName, ordersName)) {
                try {
                    DatasetStore.dropIfExists(name);
                } catch (RuntimeException e) {
                    dropFailed(name, e);
                }
            }
        }
    }

    /** Reads the CSV into {@code lines}, one document a valid line; refuses the file when a line is bad. */
    private void readLines(InputStream body, ImportOptions options, MongoCollection<Document> lines,
            java.util.function.LongConsumer progress, Reading reading) throws InterruptedException {
        CsvReader csv = new CsvReader(new Utf8Input(body), options.delimiter(), config.maxLineLength(),
                config.maxFieldLength());
        try (BulkLoader loader = new BulkLoader(BATCH)) {
            List<String> header = null;
            if (options.header()) {
                header = csv.next();
                if (header == null) {
                    throw new ValidationException("file", "the file is empty");
                }
            }
            LineParser parser = new LineParser(options, header, config.earliestDate(),
                    LocalDate.now(clock).plus(config.latestDateAhead()), config.feeCodes());
            reading.format = parser.format() == ImportOptions.Format.ONLINE_RETAIL ? "online-retail" : "generic";
            BulkLoader.Writer<Document> writer = loader.writer(lines, n -> {
            });
            List<String> record;
            while (true) {
                try {
                    record = csv.next();
                } catch (CsvReader.MalformedCsvException e) {
                    reading.errorCount++;
                    addError(reading.errors, new ImportError(e.line, 0, "line", e.getMessage()));
                    reading.read++;
                    if (!e.recoverable) {
                        break;
                    }
                    if (options.skipInvalid()) {
                        reading.skipped.merge(ImportReport.INVALID, 1L, Long::sum);
                    }
                    continue;
                }
                if (record == null) {
                    break;
                }
                reading.read++;
                progress.accept(1);
                LineParser.Outcome outcome = parser.parse(record, csv.recordLine());
                if (outcome.line() != null) {
                    if (reading.errorCount == 0 || options.skipInvalid()) {
                        writer.add(document(outcome.line()));
                        reading.discounted |= outcome.line().discount().signum() > 0;
                    }
                    reading.imported++;
                    reading.returnLines += outcome.line().quantity() < 0 ? 1 : 0;
                } else if (outcome.skipped() != null) {
                    reading.skipped.merge(outcome.skipped(), 1L, Long::sum);
                } else {
                    reading.errorCount++;
                    addError(reading.errors, outcome.error());
                    if (options.skipInvalid()) {
                        reading.skipped.merge(ImportReport.INVALID, 1L, Long::sum);
                    }
                }
            }
            writer.flush();
            loader.finish();
        } catch (IOException e) {
            throw new ValidationException("file", "could not be read: " + e.getMessage());
        }
        long errorCount = reading.errorCount;
        if (errorCount > 0 && !options.skipInvalid()) {
            throw new ImportRejectedException(errorCount + " invalid line" + (errorCount == 1 ? "" : "s")
                    + "; nothing was imported. Fix them, or send skipInvalid=true to import the rest.",
                    reading.refused(options.fileName()));
        }
        if (reading.imported == 0) {
            throw new ImportRejectedException(reading.read == 0 ? "The file has no data lines." : "No valid order"
                    + " line in the file (" + reading.read + " read); nothing was imported.",
                    reading.refused(options.fileName()));
        }
    }

    private static void addError(List<ImportError> errors, ImportError error) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(error);
        }
    }

    private static Document document(ImportLine line) {
        Document d = new Document("o", line.orderKey()).append("c", line.customerId())
                .append("d", Date.from(line.date())).append("p", line.productId()).append("n", line.productName())
                .append("q", line.quantity()).append("u", new Decimal128(line.unitPrice()))
                .append("a", new Decimal128(line.unitPrice().multiply(java.math.BigDecimal.valueOf(line.quantity()))))
                .append("x", new Decimal128(line.discount())).append("f", line.fee());
        if (line.country() != null) {
            d.append("k", line.country());
        }
        if (line.promoCode() != null) {
            d.append("r", line.promoCode());
        }
        return d;
    }

    /** Lines of one order become one order document; customers and products are derived from the lines. */
    private static void build(MongoCollection<Document> lines, DatasetStore.Staging staging, boolean discounted) {
        groupOrders(lines, staging.orders().getNamespace().getCollectionName(), discounted);
        String customers = staging.customers().getNamespace().getCollectionName();
        String products = staging.products().getNamespace().getCollectionName();
        lines.aggregate(List.of(
                new Document("$group", new Document("_id", "$c")
                        .append("country", new Document("$last", "$k"))
                        .append("signupDate", new Document("$min", "$d"))),
                new Document("$out", customers))).allowDiskUse(true).toCollection();
        lines.aggregate(List.of(
                new Document("$group", new Document("_id", "$p")
                        .append("name", new Document("$last", "$n"))
                        .append("price", new Document("$last", "$u"))
                        .append("fee", new Document("$max", "$f"))),
                new Document("$out", products))).allowDiskUse(true).toCollection();
    }

    /**
     * The lines of one order become one order document, in the collection {@code orders}. An order whose lines'
     * discounts add up to more than what it sold is refused, as the order API refuses it: a generic file's "10,
     * discount 50" was a sale of -40 and a negative revenue. The orders are read back only when a line had a
     * discount (an Online Retail file has none), which spares a large import a scan of all its orders.
     */
    private static void groupOrders(MongoCollection<Document> lines, String orders, boolean discounted) {
        groupOrderDocuments(lines, orders);
        if (!discounted) {
            return;
        }
        List<ValidationException.FieldError> errors = new ArrayList<>();
        long refused = 0;
        try (var cursor = Order.mongoDatabase().getCollection(orders)
                .find(new Document("discount", new Document("$gt", new Decimal128(java.math.BigDecimal.ZERO))))
                .projection(new Document("discount", 1).append("lines.quantity", 1).append("lines.unitPrice", 1))
                .batchSize(BATCH).cursor()) {
            while (cursor.hasNext()) {
                Document order = cursor.next();
                java.math.BigDecimal discount = order.get("discount", Decimal128.class).bigDecimalValue();
                java.math.BigDecimal sold = java.math.BigDecimal.ZERO;
                for (Document line : order.getList("lines", Document.class)) {
                    int quantity = line.getInteger("quantity");
                    if (quantity > 0) {
                        sold = sold.add(line.get("unitPrice", Decimal128.class).bigDecimalValue()
                                .multiply(java.math.BigDecimal.valueOf(quantity)));
                    }
                }
                if (discount.compareTo(sold) > 0 && ++refused <= MAX_ERRORS) {
                    errors.add(new ValidationException.FieldError("order " + Quote.of(order.getString("_id")),
                            "its discounts add up to " + discount.toPlainString() + ", more than its lines sold ("
                                    + sold.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + ")"));
                }
            }
        }
        if (refused > 0) {
            throw new ValidationException(errors);
        }
    }

    private static void groupOrderDocuments(MongoCollection<Document> lines, String orders) {
        lines.aggregate(List.of(
                new Document("$group", new Document("_id", "$o")
                        .append("customerId", new Document("$first", "$c"))
                        .append("date", new Document("$min", "$d"))
                        .append("country", new Document("$first", "$k"))
                        .append("promoCode", new Document("$max", "$r"))
                        .append("discount", new Document("$sum", "$x"))
                        .append("subtotal", new Document("$sum", "$a"))
                        .append("lines", new Document("$push", new Document("productId", "$p")
                                .append("productName", "$n").append("quantity", "$q").append("unitPrice", "$u")))),
                new Document("$addFields", new Document("total",
                        new Document("$subtract", List.of("$subtotal", "$discount")))),
                new Document("$project", new Document("subtotal", 0)),
                new Document("$out", orders))).allowDiskUse(true).toCollection();
    }

    private DatasetInfo describe(DatasetStore.Staging staging, ImportOptions options, long read,
            Map<String, Long> skipped, Instant started) {
        DatasetInfo info = new DatasetInfo();
        info.source = DatasetInfo.IMPORTED;
        info.fileName = options.fileName();
        info.customers = staging.customers().countDocuments();
        info.products = staging.products().countDocuments();
        info.orders = staging.orders().countDocuments(new Document("lines.quantity", new Document("$gt", 0)));
        info.returns = staging.orders().countDocuments(new Document("lines.quantity", new Document("$lt", 0)));
        Document span = staging.orders().withDocumentClass(Document.class).aggregate(List.of(new Document("$group",
                new Document("_id", null).append("first", new Document("$min", "$date"))
                        .append("last", new Document("$max", "$date"))))).first();
        info.firstOrderDate = span.getDate("first").toInstant();
        info.lastOrderDate = span.getDate("last").toInstant();
        info.asOf = info.lastOrderDate.atZone(ZoneOffset.UTC).toLocalDate();
        info.days = (int) Duration.between(info.firstOrderDate, info.lastOrderDate).toDays() + 1;
        info.linesRead = read;
        info.linesSkipped = skipped.values().stream().mapToLong(Long::longValue).sum();
        info.cancellations = skipped.getOrDefault(ImportReport.CANCELLATION, 0L);
        info.linesWithoutCustomer = skipped.getOrDefault(ImportReport.NO_CUSTOMER, 0L);
        info.generatedAt = clock.instant();
        info.durationMillis = Duration.between(started, info.generatedAt).toMillis();
        return info;
    }

    private void dropLines() {
        try {
            DatasetStore.dropIfExists(LINES);
        } catch (RuntimeException e) {
            dropFailed(LINES, e);
        }
    }

    /** The next import drops what is left; a drop cut off by the shutdown (the store closing) is expected then. */
    private void dropFailed(String name, RuntimeException e) {
        LOG.logf(jobs.stopping() ? Logger.Level.DEBUG : Logger.Level.WARN, "Could not drop %s: %s", name,
                e.getMessage());
    }
}
