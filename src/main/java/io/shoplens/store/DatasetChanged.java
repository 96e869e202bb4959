package io.shoplens.store;

/** Fired after a new dataset has replaced the old one, so that caches and models can follow. */
public record DatasetChanged(DatasetInfo dataset) {
}
