package io.shoplens.bench;

import java.util.Arrays;

/**
 * Benchmarks, one command each (see the README): {@code ./mvnw -Pbench test-compile exec:java -Dbench=NAME}.
 * Each prints the figures of one run and the ratios between what it compares; none asserts on time.
 */
public final class Bench {
    /** Tribuo logs every tree at INFO through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        String name = args.length == 0 || args[0] == null || args[0].isBlank() || args[0].startsWith("$")
                ? "simulator" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (name) {
            case "simulator" -> SimulatorBench.run(rest);
            case "personas" -> PersonaBench.run(rest);
            case "churn" -> ChurnBench.run(rest);
            case "frame" -> FrameBench.run(rest);
            case "csv" -> CsvBench.run(rest);
            case "clv" -> ClvBench.run(rest);
            case "appends" -> AppendBench.run(rest);
            default -> {
                System.err.println("unknown benchmark '" + name + "'; use: simulator, personas, churn, frame, csv, clv, appends");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
