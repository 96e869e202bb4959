package io.shoplens.simulate;

import java.time.LocalDate;

import io.shoplens.store.Persona;

/**
 * The simulator's hidden calendar, for diagnostics that compare an estimated clock with the truth: each day's weight
 * of a persona's purchase rate (weekday × month × sales event, times the persona's campaign boost while a campaign
 * runs), as {@link ShopSimulator} thins its purchase processes with them.
 */
public final class TrueCalendar {
    private TrueCalendar() {
    }

    /** The first day of the window that {@code settings} simulate. */
    public static LocalDate start(SimulationSettings settings) {
        return settings.asOf().minusDays(settings.days() - 1L);
    }

    /** The weight of each day of the window, from {@link #start}. */
    public static double[] dayWeights(SimulationSettings settings, Persona persona) {
        return ShopSimulator.dayWeights(new ShopCalendar(start(settings), settings.days()),
                PersonaProfile.DEFAULTS.get(persona));
    }
}
