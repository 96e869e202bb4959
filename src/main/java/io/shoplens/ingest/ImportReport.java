package io.shoplens.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an import read and did.
 *
 * @param errors the first errors (at most {@link Importer#MAX_ERRORS}); {@code errorCount} counts them all
 * @param skipped lines skipped, by reason
 * @param returnLines imported lines that are returns (negative quantities, cancellation invoices' lines)
 * @param returns orders with returned lines; {@code orders} counts sales orders only
 * @param mode {@code replace} (the file became the dataset) or {@code append} (its orders were added to it)
 * @param appended with mode append: the file's orders (sales and returns) newly stored
 * @param alreadyStored with mode append: the file's orders whose invoice was stored already, skipped
 */
public record ImportReport(boolean imported, String fileName, String format, long linesRead, long linesImported,
        long returnLines, long returns, Map<String, Long> skipped, long errorCount, List<ImportError> errors, long orders, long customers,
        long products, Instant firstOrderDate, Instant lastOrderDate, long datasetVersion, String mode,
        long appended, long alreadyStored) {

    public static final String CANCELLATION = "cancellation";
    public static final String NO_CUSTOMER = "no customer id";
    public static final String INVALID = "invalid";
}
