package io.shoplens.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoplens.simulate.ShopSimulator;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerBehaviour;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Persona;
import io.shoplens.store.Product;
import io.shoplens.testing.PlainBehaviours;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** How often the rules name the persona the simulator gave, measured without a database. */
class PersonaAgreementTest {
    @Test
    void rulesRecoverMostPersonasOnASmallShop() {
        long[][] matrix = new long[4][4];
        double rate = PersonaAgreement.measure(3000, 60_000, 21, matrix);
        System.out.printf("persona agreement %.3f, matrix (rows: rule, columns: truth) %s%n", rate,
                java.util.Arrays.deepToString(matrix));
        assertTrue(rate > 0.7, "agreement " + rate);
    }
}
