package io.shoplens.ingest;

/** A bad line: where (line from 1, column from 1, 0 when unknown) and what is wrong. */
public record ImportError(int line, int column, String field, String message) {

    /** "line 7, column 3 (price)", or without the column when it is unknown. */
    public String where() {
        return "line " + line + (column > 0 ? ", column " + column : "") + " (" + field + ")";
    }
}
