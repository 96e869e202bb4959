/**
 * The MongoDB store: the Panache entities of the three shop collections and of the hidden simulation truth, the
 * dataset metadata, the embedded server started when no MongoDB is configured, and the staged swap that replaces a
 * whole dataset at once.
 */
package io.shoplens.store;
