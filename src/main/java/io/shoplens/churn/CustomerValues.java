package io.shoplens.churn;

import java.math.BigDecimal;
import java.util.Map;

import io.shoplens.frame.OrderFrame;

/**
 * What each customer is expected to spend over the next twelve months, from a model outside this package (the
 * lifetime values): revenue at risk is the churn probability times it. Churn does not depend on who answers.
 */
public interface CustomerValues {
    /** Expected 12-month revenue by customer id as of the frame's end; empty when there is none for that frame. */
    Map<String, BigDecimal> expectedRevenue(OrderFrame frame);
}
