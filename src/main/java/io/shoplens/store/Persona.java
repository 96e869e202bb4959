package io.shoplens.store;

/** The four kinds of customer: the simulator's hidden truth and the segmentation's rule-based guess share these names. */
public enum Persona {
    VIP("VIP"),
    PROMO_ADDICT("Promo addict"),
    REGULAR("Regular"),
    OCCASIONAL("Occasional");

    private final String label;

    Persona(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
