package io.shoplens.segment;

/** The usual names for recency × frequency score pairs. */
public enum RfmSegment {
    CHAMPIONS("Champions", "R5, F4–5"),
    LOYAL("Loyal", "R3–4, F4–5"),
    POTENTIAL_LOYALISTS("Potential Loyalists", "R4–5, F2–3"),
    NEW("New", "R5, F1"),
    PROMISING("Promising", "R4, F1"),
    NEED_ATTENTION("Need Attention", "R3, F3"),
    ABOUT_TO_SLEEP("About to Sleep", "R3, F1–2"),
    AT_RISK("At Risk", "R1–2, F3–4"),
    CANT_LOSE("Can't Lose", "R1–2, F5"),
    HIBERNATING("Hibernating", "R1–2, F1–2");

    private final String label;
    private final String rule;

    RfmSegment(String label, String rule) {
        this.label = label;
        this.rule = rule;
    }

    public String label() {
        return label;
    }

    public String rule() {
        return rule;
    }
}
