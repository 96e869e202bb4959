package io.shoplens.segment;


import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


import io.shoplens.frame.Behaviours;
import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Persona;
import io.shoplens.testing.SimulatedShop;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Measures how often the persona rules name the persona the simulator gave, without a database. */
public final class PersonaAgreement {
    private PersonaAgreement() {
    }

    static SegmentConfig defaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SegmentConfig.class).build();
        return config.getConfigMapping(SegmentConfig.class);
    }

    public static double measure(int customers, long orders, long seed, long[][] matrix) {
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        SimulationSettings settings = new SimulationSettings(null, customers, 200, orders, seed, 730, asOf,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = SimulatedShop.of(settings);
        Map<String, Persona> truth = new HashMap<>();
        shop.truth.forEach((id, t) -> truth.put(id, t.persona));
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CustomerBehaviour> behaviours = Behaviours.before(shop.frame(1, end), end);
        PersonaRules rules = new PersonaRules(defaults(), end, behaviours);
        long agreed = 0;
        for (CustomerBehaviour b : behaviours) {
            Persona guess = rules.classify(b);
            Persona actual = truth.get(b.customerId());
            matrix[guess.ordinal()][actual.ordinal()]++;
            agreed += guess == actual ? 1 : 0;
        }
        return (double) agreed / behaviours.size();
    }

}
