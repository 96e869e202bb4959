package io.shoplens.segment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Persona rules. Thresholds are relative to the data (multiples of the median) or definitional shares, never amounts
 * tuned to one dataset.
 */
@ConfigMapping(prefix = "shoplens.segment")
public interface SegmentConfig {

    /** A customer whose orders carry a promo code at least this often is a promo addict ("mostly with codes"). */
    @WithDefault("0.5")
    double promoShare();

    /** A VIP's average basket is at least this many times the median customer's average basket. */
    @WithDefault("2.0")
    double vipBasketFactor();

    /** A VIP's purchase rate is at least this many times the median purchase rate. */
    @WithDefault("1.0")
    double vipRateFactor();

    /** A regular's purchase rate is at least this many times the median purchase rate; below it, occasional. */
    @WithDefault("1.0")
    double regularRateFactor();

    /**
     * Shortest observation window, in days, over which a purchase rate is estimated, so that a customer who joined
     * last week does not look like a daily buyer.
     */
    @WithDefault("60")
    int minRateWindowDays();
}
