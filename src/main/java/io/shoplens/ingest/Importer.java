package io.shoplens.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;
import io.shoplens.store.BulkLoader;
import io.shoplens.store.DatasetInfo;
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
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    Clock clock;

    public ImportReport importCsv(InputStream body, ImportOptions options) {
        DatasetJobs.Job job = jobs.tryStart(JOB_KIND, clock.instant()).orElseThrow(() -> new ConflictException(
                "A dataset is being generated or imported already; wait for it to finish."));
        try (job) {
            Instant started = clock.instant();
            try {
                ImportReport report = run(body, options, job, started);
                job.succeeded();
                return report;
            } catch (ImportRejectedException | ValidationException e) {
                job.fail(e.getMessage(), clock.instant());
                throw e;
            } catch (RuntimeException e) {
                LOG.error("Import failed; the previous dataset keeps serving", e);
                job.fail(e.getMessage(), clock.instant());
                throw e;
            }
        }
    }

    private ImportReport run(InputStream body, ImportOptions options, DatasetJobs.Job job, Instant started) {
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)),
                options.delimiter());
        MongoDatabase db = Order.mongoDatabase();
        DatasetStore.dropIfExists(LINES);
        MongoCollection<Document> lines = db.getCollection(LINES);
        DatasetStore.Staging staging = store.openStaging();
        long read = 0;
        long imported = 0;
        long errorCount = 0;
        List<ImportError> errors = new ArrayList<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        LineParser parser;
        job.phase("reading lines", 0);
        try (BulkLoader loader = new BulkLoader(BATCH)) {
            List<String> header = null;
            if (options.header()) {
                header = csv.next();
                if (header == null) {
                    throw new ValidationException("file", "the file is empty");
                }
            }
            try {
                parser = new LineParser(options, header);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("columns", e.getMessage());
            }
            BulkLoader.Writer<Document> writer = loader.writer(lines, n -> {
            });
            List<String> record;
            while (true) {
                try {
                    record = csv.next();
                } catch (CsvReader.MalformedCsvException e) {
                    errorCount++;
                    addError(errors, new ImportError(e.line, 0, "line", e.getMessage()));
                    read++;
                    break;
                }
                if (record == null) {
                    break;
                }
                read++;
                job.advance(1);
                LineParser.Outcome outcome = parser.parse(record, csv.recordLine());
                if (outcome.line() != null) {
                    if (errorCount == 0 || options.skipInvalid()) {
                        writer.add(document(outcome.line()));
                    }
                    imported++;
                } else if (outcome.skipped() != null) {
                    skipped.merge(outcome.skipped(), 1L, Long::sum);
                } else {
                    errorCount++;
                    addError(errors, outcome.error());
                    if (options.skipInvalid()) {
                        skipped.merge(ImportReport.INVALID, 1L, Long::sum);
                    }
                }
            }
            writer.flush();
            loader.finish();
        } catch (IOException e) {
            discard(staging);
            throw new ValidationException("file", "could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(staging);
            throw new IllegalStateException("Import interrupted", e);
        } catch (RuntimeException e) {
            discard(staging);
            throw e;
        }
        String format = parser.format() == ImportOptions.Format.ONLINE_RETAIL ? "online-retail" : "generic";
        if (errorCount > 0 && !options.skipInvalid()) {
            discard(staging);
            throw new ImportRejectedException(errorCount + " invalid line" + (errorCount == 1 ? "" : "s")
                    + "; nothing was imported. Fix them, or send skipInvalid=true to import the rest.",
                    new ImportReport(false, options.fileName(), format, read, 0, skipped, errorCount, errors, 0, 0, 0,
                            null, null, 0));
        }
        if (imported == 0) {
            discard(staging);
            throw new ImportRejectedException(read == 0 ? "The file has no data lines." : "No valid order line"
                    + " in the file (" + read + " read); nothing was imported.",
                    new ImportReport(false, options.fileName(), format, read, 0, skipped, errorCount, errors, 0, 0, 0,
                            null, null, 0));
        }
        job.phase("building orders", 1);
        try {
            build(lines, staging);
            DatasetInfo info = describe(staging, options, read, skipped, started);
            DatasetInfo committed = store.commit(staging, info);
            DatasetStore.dropIfExists(LINES);
            LOG.infof("Imported %s: %d lines read, %d orders, %d customers", options.fileName(), read,
                    committed.orders, committed.customers);
            return new ImportReport(true, options.fileName(), format, read, imported, skipped,
                    errorCount, errors, committed.orders, committed.customers, committed.products,
                    committed.firstOrderDate, committed.lastOrderDate, committed.version);
        } catch (RuntimeException e) {
            discard(staging);
            throw e;
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
                .append("x", new Decimal128(line.discount()));
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
                        .append("price", new Document("$last", "$u"))),
                new Document("$out", products))).allowDiskUse(true).toCollection();
    }

    private DatasetInfo describe(DatasetStore.Staging staging, ImportOptions options, long read,
            Map<String, Long> skipped, Instant started) {
        DatasetInfo info = new DatasetInfo();
        info.source = DatasetInfo.IMPORTED;
        info.fileName = options.fileName();
        info.customers = staging.customers().countDocuments();
        info.products = staging.products().countDocuments();
        info.orders = staging.orders().countDocuments();
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

    private void discard(DatasetStore.Staging staging) {
        store.discard(staging);
        try {
            DatasetStore.dropIfExists(LINES);
        } catch (RuntimeException e) {
            LOG.warnf("Could not drop %s: %s", LINES, e.getMessage());
        }
    }
}
