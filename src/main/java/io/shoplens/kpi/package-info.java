/**
 * Shop KPIs computed by MongoDB aggregation pipelines over {@code orders}, restricted to the operators that both a
 * real MongoDB and the embedded server run, cached per dataset version and filter.
 */
package io.shoplens.kpi;
