package io.shoplens.simulate;

import java.time.LocalDate;
import java.util.Map;

import io.shoplens.store.Persona;

/**
 * Everything a simulation depends on: the same settings give the same documents, ids included.
 *
 * @param preset the preset the counts came from, or null for explicit counts
 * @param orders the target order count; rates are scaled so that the actual count lands near it
 * @param days length of the simulated window, ending on {@code asOf} included
 * @param personaMix share of each persona among customers; normalised, need not sum to one
 * @param returnRate chance that an order of an average customer is partly or wholly returned (each persona has a
 *        multiplier of it); 0 for a shop without returns
 */
public record SimulationSettings(String preset, int customers, int products, long orders, long seed, int days,
        LocalDate asOf, Map<Persona, Double> personaMix, double returnRate) {

    public static final Map<Persona, Double> DEFAULT_MIX = Map.of(Persona.VIP, 0.08, Persona.PROMO_ADDICT, 0.17,
            Persona.REGULAR, 0.35, Persona.OCCASIONAL, 0.40);
    /** Online fashion sees far more, groceries far less; a few percent is a general shop's. */
    public static final double DEFAULT_RETURN_RATE = 0.05;

    /** With the default return rate. */
    public SimulationSettings(String preset, int customers, int products, long orders, long seed, int days,
            LocalDate asOf, Map<Persona, Double> personaMix) {
        this(preset, customers, products, orders, seed, days, asOf, personaMix, DEFAULT_RETURN_RATE);
    }

    public static SimulationSettings of(Preset preset, long seed, int days, LocalDate asOf) {
        return new SimulationSettings(preset.id(), preset.customers, preset.products, preset.orders, seed, days, asOf,
                DEFAULT_MIX);
    }
}
