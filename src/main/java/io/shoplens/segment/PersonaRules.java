package io.shoplens.segment;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.store.Persona;

/**
 * Exactly one persona per customer with orders, checked in this order:
 * <ol>
 * <li>promo addict: at least {@code promoShare} of their orders carry a promo code;</li>
 * <li>VIP: average basket at least {@code vipBasketFactor} × the median basket and purchase rate at least
 * {@code vipRateFactor} × the median rate;</li>
 * <li>regular: purchase rate at least {@code regularRateFactor} × the median rate;</li>
 * <li>occasional: everyone else.</li>
 * </ol>
 * The purchase rate is orders per year over the customer's tenure (first order to the as-of date, at least
 * {@code minRateWindowDays}). Medians are over the customers being classified, so the rules follow the data.
 */
final class PersonaRules {
    private final SegmentConfig config;
    private final Instant asOf;
    private final double medianBasket;
    private final double medianRate;

    PersonaRules(SegmentConfig config, Instant asOf, List<CustomerBehaviour> customers) {
        this.config = config;
        this.asOf = asOf;
        this.medianBasket = median(customers.stream().mapToDouble(c -> c.averageBasket().doubleValue()).toArray());
        this.medianRate = median(customers.stream().mapToDouble(this::ratePerYear).toArray());
    }

    Persona classify(CustomerBehaviour c) {
        if (c.promoShare() >= config.promoShare()) {
            return Persona.PROMO_ADDICT;
        }
        double rate = ratePerYear(c);
        if (c.averageBasket().doubleValue() >= config.vipBasketFactor() * medianBasket
                && rate >= config.vipRateFactor() * medianRate) {
            return Persona.VIP;
        }
        return rate >= config.regularRateFactor() * medianRate ? Persona.REGULAR : Persona.OCCASIONAL;
    }

    double ratePerYear(CustomerBehaviour c) {
        return c.orders() / Math.max(c.tenureDays(asOf), config.minRateWindowDays()) * 365.0;
    }

    double medianBasket() {
        return medianBasket;
    }

    double medianRate() {
        return medianRate;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
