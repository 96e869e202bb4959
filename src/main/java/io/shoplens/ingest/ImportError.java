package io.shoplens.ingest;

/** A bad line: where (line from 1, column from 1, 0 when unknown) and what is wrong. */
public record ImportError(int line, int column, String field, String message) {
}
