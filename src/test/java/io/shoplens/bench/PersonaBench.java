package io.shoplens.bench;

import java.util.Arrays;

import io.shoplens.segment.PersonaAgreement;

/** Persona agreement with the simulator's truth on the medium preset, for three seeds. */
final class PersonaBench {
    private PersonaBench() {
    }

    static void run(String[] args) {
        for (long seed : new long[] { 1, 2, 3 }) {
            long[][] matrix = new long[4][4];
            double rate = PersonaAgreement.measure(10_000, 200_000, seed, matrix);
            System.out.printf("medium preset, seed %d: agreement %.1f%%; rows = rule, columns = truth"
                    + " (VIP, promo addict, regular, occasional): %s%n", seed, rate * 100, Arrays.deepToString(matrix));
        }
    }
}
