package io.shoplens.clv;

import jakarta.validation.constraints.Min;

import io.shoplens.lifetimes.PurchaseModel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lifetime-value model settings. */
@ConfigMapping(prefix = "shoplens.clv")
public interface ClvConfig {

    /**
     * Discount rate per month applied to the 12-month value: an order expected in month m counts 1 / (1 + rate)^m of
     * its value. 0.01 a month is about 12.7% a year, a common cost of capital.
     */
    @WithDefault("0.01")
    double monthlyDiscountRate();

    /**
     * Days at the end of the data held out to check the predictions: the models are fitted on the orders before
     * them and predict each customer's order days within them. Shortened to half the data's span when the data is
     * shorter than twice this, so that the models always see at least as long a history as they predict.
     */
    @WithDefault("180")
    int holdoutDays();

    /**
     * L2 penalty on the fitted parameters, as lifetimes' penalizer_coef (times scaled so the longest customer age
     * is 10; spend scaled to a mean of 1). 0 is the plain maximum-likelihood fit; 0.001 to 0.1 steadies a fit on a
     * few hundred customers.
     */
    @WithDefault("0")
    double penalizer();

    /**
     * Customers each model is fitted on at most: a larger dataset is sampled (seeded) down to this many, and every
     * customer is scored. 0 = all.
     */
    @WithDefault("20000")
    int maxFitCustomers();

    /**
     * Fewest customers with a repeat order day that the models are fitted on: with fewer (a small import), the fit
     * says nothing about drop-out and spend, and the API and page say why instead of showing its figures.
     */
    @WithDefault("20")
    @Min(1)
    int minRepeatCustomers();

    /**
     * The purchase model: {@code bgnbd} (BG/NBD, Fader et al. 2005: a customer leaves only after a repeat purchase, so
     * every one-order customer is alive for sure) or {@code mbgnbd} (MBG/NBD, Batislam et al. 2007: after any purchase,
     * the first one too). BG/NBD by default: on the simulated shops MBG/NBD moved the holdout totals by less than 1%
     * and fitted the calibration data slightly worse (README, "Customer lifetime value").
     */
    @WithDefault("bgnbd")
    PurchaseModel purchaseModel();

    /**
     * Fit and predict in seasonal "operational time" (month-of-year and weekday indices estimated from the order
     * days) when the data before the cutoff span a year and show every month well enough; plain days otherwise, and
     * always when false.
     */
    @WithDefault("true")
    boolean seasonal();

    /** Seed of that sample, so that a dataset version always gets the same fit. */
    @WithDefault("12345")
    long seed();
}
