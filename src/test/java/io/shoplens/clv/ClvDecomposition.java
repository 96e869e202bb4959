package io.shoplens.clv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.shoplens.frame.OrderFrame;
import io.shoplens.lifetimes.BgNbd;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.simulate.TrueCalendar;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Persona;

/**
 * Diagnostic only, never the app's: where the holdout error of the lifetime-value analysis of a simulated shop comes
 * from. The analysis is rebuilt one assumption at a time, each step granting it one thing the simulator knows and a
 * shop's data does not: the customers' personas (a BG/NBD fitted per persona), then each persona's true calendar (the
 * simulator's daily weights, campaigns and the persona's campaign boost included) instead of one calendar estimated
 * for everybody, then every order as a purchase in continuous time instead of order days, and last one BG/NBD for
 * everybody again on those true calendars. The last-but-one step is BG/NBD's own story told per persona, so its ratio
 * shows what is left once every departure from it is taken away.
 */
public final class ClvDecomposition {
    private ClvDecomposition() {
    }

    /** One step: its description and predicted / actual in the holdout. */
    public record Step(String name, double ratio) {
    }

    /** The steps for a holdout of {@code days} at the end of the simulated shop {@code frame}. */
    public static List<Step> of(SimulationSettings settings, Map<String, CustomerTruth> truth, OrderFrame frame,
            int days) {
        long end = frame.end().toEpochMilli();
        long endDay = Math.floorDiv(end, ClvModel.DAY_MILLIS);
        long cutoffDay = endDay - days;
        long cutoff = cutoffDay * ClvModel.DAY_MILLIS;
        ClvModel.Histories byDay = ClvModel.histories(frame, cutoff);
        int n = byDay.size();
        int[] persona = IntStream.range(0, n)
                .map(i -> truth.get(frame.customerId(byDay.customer()[i])).persona.ordinal()).toArray();
        Persona[] personas = Persona.values();
        double[][] cumulative = new double[personas.length][];
        long windowStart = TrueCalendar.start(settings).toEpochDay();
        for (Persona p : personas) {
            double[] weights = TrueCalendar.dayWeights(settings, p);
            double[] c = new double[weights.length + 1];
            for (int d = 0; d < weights.length; d++) {
                c[d + 1] = c[d] + weights[d];
            }
            cumulative[p.ordinal()] = c;
        }
        double[] holdoutLength = new double[personas.length];
        for (Persona p : personas) {
            holdoutLength[p.ordinal()] = at(cumulative[p.ordinal()], windowStart, endDay)
                    - at(cumulative[p.ordinal()], windowStart, cutoffDay);
        }

        // Order days: the app's histories, the shared clock estimated as the app does, and the true calendars.
        double actualDays = 0;
        for (int i = 0; i < n; i++) {
            actualDays += ClvModel.orderDays(frame, byDay.customer()[i], cutoff, end);
        }
        OperationalTime shared = OperationalTime.estimate(byDay.orderDays(), cutoffDay);
        ClvModel.Histories onShared = byDay.on(shared);
        double sharedLength = shared.length(cutoffDay, cutoffDay + days);
        double[] sharedLengths = new double[personas.length];
        Arrays.fill(sharedLengths, sharedLength);
        double[] dayTx = new double[n];
        double[] dayT = new double[n];
        for (int i = 0; i < n; i++) {
            double[] c = cumulative[persona[i]];
            double first = byDay.firstDay()[i];
            dayTx[i] = at(c, windowStart, first + byDay.tx()[i]) - at(c, windowStart, first);
            dayT[i] = at(c, windowStart, first + byDay.T()[i]) - at(c, windowStart, first);
        }

        // Every order a purchase, in continuous time, on the true calendars.
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        double actualOrders = 0;
        for (int i = 0; i < n; i++) {
            int c = byDay.customer()[i];
            double[] cum = cumulative[persona[i]];
            double first = frame.date(frame.orderOf(c, 0)) / (double) ClvModel.DAY_MILLIS;
            double last = first;
            int before = 0;
            for (int k = 0; k < frame.orderCountOf(c); k++) {
                long date = frame.date(frame.orderOf(c, k));
                if (date < cutoff) {
                    before++;
                    last = date / (double) ClvModel.DAY_MILLIS;
                } else if (date < end) {
                    actualOrders++;
                }
            }
            x[i] = before - 1;
            tx[i] = at(cum, windowStart, last) - at(cum, windowStart, first);
            T[i] = at(cum, windowStart, cutoffDay) - at(cum, windowStart, first);
        }

        List<Step> steps = new ArrayList<>();
        steps.add(new Step("order days, one estimated calendar, one BG/NBD (the app)",
                predicted(byDay.x(), onShared.tx(), onShared.T(), persona, sharedLengths, false) / actualDays));
        steps.add(new Step("order days, one estimated calendar, a BG/NBD per persona",
                predicted(byDay.x(), onShared.tx(), onShared.T(), persona, sharedLengths, true) / actualDays));
        steps.add(new Step("order days, each persona's true calendar, a BG/NBD per persona",
                predicted(byDay.x(), dayTx, dayT, persona, holdoutLength, true) / actualDays));
        steps.add(new Step("orders, each persona's true calendar, a BG/NBD per persona",
                predicted(x, tx, T, persona, holdoutLength, true) / actualOrders));
        steps.add(new Step("orders, each persona's true calendar, one BG/NBD",
                predicted(x, tx, T, persona, holdoutLength, false) / actualOrders));
        return steps;
    }

    /** Predicted purchases in the holdout: BG/NBD fitted on everybody, or on each persona's customers apart. */
    private static double predicted(double[] x, double[] tx, double[] T, int[] persona, double[] holdoutLength,
            boolean perPersona) {
        double sum = 0;
        for (int group = 0; group < (perPersona ? holdoutLength.length : 1); group++) {
            int g = group;
            int[] members = IntStream.range(0, x.length).filter(i -> !perPersona || persona[i] == g).toArray();
            if (members.length == 0) {
                continue;
            }
            BgNbd.Params params = BgNbd.fitDistinct(pick(x, members), pick(tx, members), pick(T, members), 0);
            for (int i : members) {
                sum += BgNbd.expectedPurchases(params, holdoutLength[persona[i]], x[i], tx[i], T[i]);
            }
        }
        return sum;
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }

    /** The true calendar's time from the window's start to {@code day} (epoch days, a fraction counts that share). */
    private static double at(double[] cumulative, long windowStart, double day) {
        double t = day - windowStart;
        int whole = (int) Math.floor(t);
        if (whole >= cumulative.length - 1) {
            return cumulative[cumulative.length - 1];
        }
        return cumulative[whole] + (t - whole) * (cumulative[whole + 1] - cumulative[whole]);
    }
}
