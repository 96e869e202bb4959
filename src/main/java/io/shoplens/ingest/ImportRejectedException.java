package io.shoplens.ingest;

import io.shoplens.common.ValidationException;

/** The file was refused and nothing changed; the report says why, line by line. */
public class ImportRejectedException extends ValidationException {
    private final transient ImportReport report;

    public ImportRejectedException(String message, ImportReport report) {
        super(message, report.errors().stream()
                .map(error -> new FieldError(error.where(), error.message())).toList());
        this.report = report;
    }

    public ImportReport report() {
        return report;
    }
}
