package io.shoplens.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Numbers as people read them: thousands separators, two-decimal money, percentages. */
@TemplateExtension
public class Formats {
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.US);
    // DecimalFormat is not thread-safe and costly to build: one of each per thread.
    private static final ThreadLocal<DecimalFormat> INTEGER = ThreadLocal.withInitial(
            () -> new DecimalFormat("#,##0", SYMBOLS));
    private static final ThreadLocal<DecimalFormat> MONEY = ThreadLocal.withInitial(
            () -> new DecimalFormat("#,##0.00", SYMBOLS));
    private static final ThreadLocal<DecimalFormat> PERCENT = ThreadLocal.withInitial(
            () -> new DecimalFormat("0.0", SYMBOLS));

    static String fmtInt(long value) {
        return INTEGER.get().format(value);
    }

    static String fmtInt(int value) {
        return fmtInt((long) value);
    }

    /** A count and its noun, plural unless the count is one: "1 order", "1,204 orders". */
    static String count(long n, String noun) {
        return fmtInt(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** The same of a number of days or the like, rounded to a whole one. */
    static String count(double value, String noun) {
        return count(Math.round(value), noun);
    }

    static String fmtMoney(BigDecimal value) {
        return value == null ? "–" : MONEY.get().format(value.setScale(2, RoundingMode.HALF_UP));
    }

    static String fmtPercent(double fraction) {
        return Double.isNaN(fraction) ? "–" : PERCENT.get().format(fraction * 100) + "%";
    }

    /**
     * A heatmap cell's class, h0 to h10, whose blue strengthens with a share between 0 and 1: classes rather than
     * inline styles, because the Content-Security-Policy allows only the app's own style sheet.
     */
    static String heat(double share) {
        return "h" + Math.round(Math.max(0, Math.min(1, share)) * 10);
    }

    static double share(long part, int whole) {
        return share(part, (long) whole);
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    static String fmtDecimal(Double value, int digits) {
        return value == null ? "–" : fmtDecimal(value.doubleValue(), digits);
    }

    static String fmtDecimal(double value, int digits) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }
}
