/**
 * Customer segmentation: per-customer behaviour from one aggregation pipeline, rule-based personas with thresholds
 * relative to the data, RFM quintile scores and named segments, stored per dataset version; and, on simulated data,
 * how well the personas match the hidden truth.
 */
package io.shoplens.segment;
