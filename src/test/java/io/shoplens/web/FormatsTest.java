package io.shoplens.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pages' number words. */
class FormatsTest {
    @Test
    void aCountOfOneIsSingular() {
        assertEquals("1 order", Formats.count(1L, "order"));
        assertEquals("0 orders", Formats.count(0L, "order"));
        assertEquals("1,204 customers", Formats.count(1_204L, "customer"));
        assertEquals("1 day", Formats.count(1.4, "day"), "rounded before the noun is chosen");
        assertEquals("2 days", Formats.count(1.5, "day"));
    }
}
