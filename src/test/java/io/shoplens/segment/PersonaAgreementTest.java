package io.shoplens.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;


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
