package io.shoplens.ingest;

import java.time.LocalDate;
import java.time.Period;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What an imported file may contain; a line outside these bounds is reported as an error of its line. */
@ConfigMapping(prefix = "shoplens.ingest")
public interface IngestConfig {

    /** Earliest order date accepted: older dates are typos (0001-01-01) that no KPI can chart. */
    @WithDefault("1990-01-01")
    LocalDate earliestDate();

    /** How far after today an order date may lie (ISO-8601 period). */
    @WithDefault("P1Y")
    Period latestDateAhead();

    /** Longest line (record, quoted line breaks included) in characters. */
    @WithDefault("10000")
    @Min(1)
    int maxLineLength();

    /** Longest field in characters: ids, names, countries and codes are far shorter. */
    @WithDefault("1000")
    @Min(1)
    int maxFieldLength();

    /**
     * Product ids (compared without regard to case) that are fees or adjustments rather than goods: Online Retail's
     * postage, dotcom postage, manual, carriage, bank charges, pads, Amazon fee, discount, samples, CRUK commission
     * and bad-debt adjustment codes. Their lines count in revenue and stay out of the product rankings.
     */
    @WithDefault("POST,DOT,M,C2,BANK CHARGES,PADS,AMAZONFEE,D,S,CRUK,B")
    java.util.List<String> feeCodes();

    /** Orders appended to the current dataset through {@code POST /api/orders}. */
    Append append();

    interface Append {
        /** Most orders one request may carry: a larger batch is refused whole; send several. */
        @WithDefault("10000")
        @Min(1)
        int maxOrders();

        /** Largest request body in bytes (about 1.6 KB an order of ten lines). */
        @WithDefault("16000000")
        @Min(1)
        long maxBytes();

        /**
         * How far after now an appended order's date may lie (ISO-8601 duration): a shop appends what happened, so a
         * date far ahead is a clock or format error.
         */
        @WithDefault("P1D")
        java.time.Duration latestDateAhead();
    }
}
