package io.shoplens.ingest;

/** The file was refused and nothing changed; the report says why, line by line. */
public class ImportRejectedException extends RuntimeException {
    private final transient ImportReport report;

    public ImportRejectedException(String message, ImportReport report) {
        super(message);
        this.report = report;
    }

    public ImportReport report() {
        return report;
    }
}
