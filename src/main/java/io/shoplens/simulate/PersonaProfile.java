package io.shoplens.simulate;

import java.util.EnumMap;
import java.util.Map;

import io.shoplens.store.Persona;

/**
 * How a persona behaves before the rate scaling that lands the order count on its target.
 *
 * @param ordersPerYear mean purchase rate while alive
 * @param rateShape Gamma shape of the individual rate around the mean (higher: customers more alike)
 * @param lifetimePurchases mean number of purchases before dropping out (drop-out chance per purchase is its inverse)
 * @param extraLines mean number of order lines beyond the first
 * @param extraQuantity mean quantity per line beyond one
 * @param premium whether the customer leans to the dearer of two candidate products
 * @param campaignPromoUse chance of using the campaign code when a campaign runs
 * @param evergreenPromoUse chance of using the always-valid newsletter code otherwise
 * @param campaignBoost purchase-rate multiplier while a campaign runs
 * @param returnPropensity multiplier of the shop's return rate: bargain hunters send more back, regulars who know
 *        what they buy less
 */
record PersonaProfile(double ordersPerYear, double rateShape, double lifetimePurchases, double extraLines,
        double extraQuantity, boolean premium, double campaignPromoUse, double evergreenPromoUse,
        double campaignBoost, double returnPropensity) {

    static final Map<Persona, PersonaProfile> DEFAULTS = new EnumMap<>(Map.of(
            Persona.VIP, new PersonaProfile(20, 6, 60, 2.5, 0.8, true, 0.10, 0.02, 1.0, 1.2),
            Persona.PROMO_ADDICT, new PersonaProfile(7, 6, 20, 0.8, 0.3, false, 0.92, 0.70, 3.0, 1.6),
            Persona.REGULAR, new PersonaProfile(7, 6, 25, 1.0, 0.3, false, 0.12, 0.02, 1.0, 0.7),
            Persona.OCCASIONAL, new PersonaProfile(1.5, 4, 4, 0.6, 0.2, false, 0.15, 0.02, 1.0, 1.0)));

    double dropoutProbability() {
        return 1.0 / lifetimePurchases;
    }
}
