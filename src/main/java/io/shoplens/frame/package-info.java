/**
 * The analysis frame: one in-process, columnar, read-only view of a dataset version's orders and lines, built once
 * per version and shared by the KPIs, the segmentation and the churn model (none of which query the orders).
 */
package io.shoplens.frame;
