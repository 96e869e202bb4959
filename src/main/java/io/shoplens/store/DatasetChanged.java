package io.shoplens.store;

/**
 * Fired (synchronously, on the committing thread) after a new dataset has replaced the old one; its one observer is
 * the dataset flow, which makes the analyses follow.
 */
public record DatasetChanged(DatasetInfo dataset) {
}
