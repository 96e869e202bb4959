package io.shoplens.simulate;

/**
 * A request for a new simulated dataset, as users send it: a preset name or explicit counts (counts override the
 * preset's), all optional. {@code asOf} is an ISO date.
 */
public record GenerationRequest(String preset, Integer customers, Integer products, Long orders, Long seed,
        Integer days, String asOf) {

    public static GenerationRequest preset(String preset) {
        return new GenerationRequest(preset, null, null, null, null, null, null);
    }
}
