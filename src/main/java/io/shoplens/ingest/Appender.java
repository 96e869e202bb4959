package io.shoplens.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;
import io.shoplens.store.Appends;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetStore;

/**
 * Appends a real shop's new orders to the current dataset: checks the whole request (nothing is written when one
 * order is wrong), then hands the orders to {@link Appends}, which writes them idempotently.
 */
@ApplicationScoped
public class Appender {
    @Inject
    IngestConfig config;
    @Inject
    DatasetStore store;
    @Inject
    Appends appends;
    @Inject
    Clock clock;

    /** @param ndjson one order per line rather than a JSON array */
    public Appends.Result append(byte[] body, boolean ndjson) {
        DatasetInfo dataset = store.current().orElseThrow(() -> new ConflictException(
                "There is no dataset to append to yet; generate or import one first."));
        Instant earliest = dataset.firstOrderDate != null ? dataset.firstOrderDate
                : config.earliestDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        OrderJson.Read read = OrderJson.read(body, ndjson, new OrderJson.Bounds(earliest,
                clock.instant().plus(config.append().latestDateAhead()), config.append().maxOrders(),
                config.maxFieldLength()));
        if (read.problemCount() > 0) {
            throw new ValidationException(read.problems().size() < read.problemCount()
                    ? withCount(read.problems(), read.problemCount()) : read.problems());
        }
        return appends.append(read.orders(), read.lines(), read.categories(), LineParser.feeCodes(config.feeCodes()));
    }

    private static List<ValidationException.FieldError> withCount(List<ValidationException.FieldError> listed,
            int count) {
        List<ValidationException.FieldError> all = new java.util.ArrayList<>(listed);
        all.add(new ValidationException.FieldError("body", (count - listed.size()) + " more problems not listed"));
        return all;
    }
}
