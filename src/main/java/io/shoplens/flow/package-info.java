/**
 * What happens after the dataset changes, in one place: the frame, then the segments, then the churn model, each
 * with the dataset version it belongs to. The only package that calls several analyses.
 */
package io.shoplens.flow;
