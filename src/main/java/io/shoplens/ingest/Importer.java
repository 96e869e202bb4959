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

import io.shoplens.common.ValidationException;
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
    private static final int BATCH = 5000;

    @Inject
    DatasetJobRunner runner;
    @Inject
    Clock clock;
    @Inject
    IngestConfig config;

    public ImportReport importCsv(InputStream body, ImportOptions options) {
        DatasetJobs.Job job = runner.begin(JOB_KIND);
        Reading reading = new Reading();
        try {
            DatasetInfo committed = runner.run(job, (staging, running) -> stage(body, options, staging, running,
                    reading));
            LOG.infof("Imported %s: %d lines read, %d orders, %d customers", options.fileName(), reading.read,
                    committed.orders, committed.customers);
            return new ImportReport(true, options.fileName(), reading.format, reading.read, reading.imported,
                    reading.returnLines, committed.returns, reading.skipped, reading.errorCount, reading.errors, committed.orders, committed.customers,
                    committed.products, committed.firstOrderDate, committed.lastOrderDate, committed.version);
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

        ImportReport refused(String fileName) {
            return new ImportReport(false, fileName, format, read, 0, 0, 0, skipped, errorCount, errors, 0, 0, 0, null, null,
                    0);
        }
    }

    /** Reads every line into a lines collection, then builds orders, customers and products from it into staging. */
    private DatasetInfo stage(InputStream body, ImportOptions options, DatasetStore.Staging staging,
            DatasetJobs.Job job, Reading reading) throws InterruptedException {
        Instant started = clock.instant();
        CsvReader csv = new CsvReader(new Utf8Input(body), options.delimiter(), config.maxLineLength(),
                config.maxFieldLength());
        MongoDatabase db = Order.mongoDatabase();
        DatasetStore.dropIfExists(LINES);
        MongoCollection<Document> lines = db.getCollection(LINES);
        job.phase("reading lines", 0);
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
                job.advance(1);
                LineParser.Outcome outcome = parser.parse(record, csv.recordLine());
                if (outcome.line() != null) {
                    if (reading.errorCount == 0 || options.skipInvalid()) {
                        writer.add(document(outcome.line()));
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
        job.phase("building orders", 1);
        build(lines, staging);
        return describe(staging, options, reading.read, reading.skipped, started);
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
    private static void build(MongoCollection<Document> lines, DatasetStore.Staging staging) {
        String orders = staging.orders().getNamespace().getCollectionName();
        String customers = staging.customers().getNamespace().getCollectionName();
        String products = staging.products().getNamespace().getCollectionName();
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

    private static void dropLines() {
        try {
            DatasetStore.dropIfExists(LINES);
        } catch (RuntimeException e) {
            LOG.warnf("Could not drop %s: %s", LINES, e.getMessage());
        }
    }
}
