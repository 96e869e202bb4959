package io.shoplens.common;

/**
 * CSV cells that a spreadsheet would run as a formula (OWASP "CSV injection": text starting with = + - @, a tab or a
 * carriage return) are written with a leading apostrophe, which spreadsheets show as plain text; the importer removes
 * that apostrophe again, so an export imports back unchanged. Text already starting with an apostrophe gets a second
 * one, as a spreadsheet user would type it, so that the round trip is exact for it too. Numbers are never passed here.
 */
public final class FormulaGuard {
    private FormulaGuard() {
    }

    public static String escape(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return triggers(first) || first == '\'' ? "'" + text : text;
    }

    /** The inverse of {@link #escape}: other text, apostrophes included, is left as it is. */
    public static String unescape(String text) {
        if (text.length() >= 2 && text.charAt(0) == '\'' && (triggers(text.charAt(1)) || text.charAt(1) == '\'')) {
            return text.substring(1);
        }
        return text;
    }

    private static boolean triggers(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
