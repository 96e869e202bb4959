package io.shoplens.bench;

import java.util.Arrays;

/**
 * Benchmarks, one command each (see the README): {@code ./mvnw -Pbench test-compile exec:java -Dbench=NAME}.
 * Each prints the figures of one run and the ratios between what it compares; none asserts on time.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 || args[0] == null || args[0].isBlank() || args[0].startsWith("$")
                ? "simulator" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (name) {
            case "simulator" -> SimulatorBench.run(rest);
            case "personas" -> PersonaBench.run(rest);
            default -> {
                System.err.println("unknown benchmark '" + name + "'; use: simulator, personas");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
