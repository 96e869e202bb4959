/**
 * Customer lifetime value: per-customer order histories from the analysis frame, the BG/NBD and Gamma-Gamma models of
 * {@code io.shoplens.lifetimes} fitted on them, each customer's P(alive), expected orders and 12-month value, and a
 * holdout check of the predictions, computed once per dataset version and held in memory.
 */
package io.shoplens.clv;
