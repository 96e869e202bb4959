package io.shoplens.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void textThatASpreadsheetWouldRunGetsAnApostropheAndNumbersStayNumbers() {
        assertEquals("'=1+1", Csv.field("=1+1"));
        assertEquals("'+SUM(A1)", Csv.field("+SUM(A1)"));
        assertEquals("'-5", Csv.field("-5"), "text, even if it looks like a number");
        assertEquals("'@evil", Csv.field("@evil"));
        assertEquals("'\tx", Csv.field("\tx"));
        assertEquals("\"'\rx\"", Csv.field("\rx"), "quoted for the line break, neutralised inside");
        assertEquals("''quoted", Csv.field("'quoted"));
        assertEquals("-5.00", Csv.field(new BigDecimal("-5.00")));
        assertEquals("-3", Csv.field(-3L));
        assertEquals("-0.25", Csv.field(-0.25));
        assertEquals("France", Csv.field("France"));
        assertEquals("", Csv.field(null));
    }
}
