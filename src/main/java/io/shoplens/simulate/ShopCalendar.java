package io.shoplens.simulate;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The days of the simulated window with their demand multiplier (weekday, month, sales events) and the promotion
 * campaign running on each, if any.
 */
final class ShopCalendar {
    static final Campaign NEWSLETTER = new Campaign("NEWSLETTER5", new BigDecimal("0.05"));

    private static final double[] WEEKDAY = { 0.90, 0.92, 0.95, 1.00, 1.10, 1.20, 1.15 };
    private static final double[] MONTH = { 0.95, 0.85, 0.90, 0.92, 0.95, 0.95, 1.00, 0.92, 0.95, 1.00, 1.20, 1.40 };

    private final LocalDate start;
    private final double[] multiplier;
    private final Campaign[] campaign;

    ShopCalendar(LocalDate start, int days) {
        this.start = start;
        this.multiplier = new double[days];
        this.campaign = new Campaign[days];
        List<Span> spans = campaigns(start.getYear(), start.plusDays(days).getYear());
        for (int d = 0; d < days; d++) {
            LocalDate date = start.plusDays(d);
            double m = WEEKDAY[date.getDayOfWeek().getValue() - 1] * MONTH[date.getMonthValue() - 1];
            for (Span span : spans) {
                if (!date.isBefore(span.from) && !date.isAfter(span.to)) {
                    campaign[d] = span.campaign;
                    m *= span.demandBoost;
                }
            }
            multiplier[d] = m;
        }
    }

    LocalDate start() {
        return start;
    }

    int days() {
        return multiplier.length;
    }

    double multiplier(int day) {
        return multiplier[day];
    }

    /** The campaign running that day, or null. */
    Campaign campaign(int day) {
        return campaign[day];
    }

    private static List<Span> campaigns(int fromYear, int toYear) {
        List<Span> spans = new ArrayList<>();
        for (int year = fromYear; year <= toYear; year++) {
            String yy = String.format("%02d", year % 100);
            LocalDate blackFriday = LocalDate.of(year, Month.NOVEMBER, 1)
                    .with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)).plusDays(1);
            spans.add(new Span(new Campaign("WINTER" + yy, new BigDecimal("0.15")), LocalDate.of(year, 1, 8),
                    LocalDate.of(year, 2, 4), 1.1));
            spans.add(new Span(new Campaign("SPRING" + yy, new BigDecimal("0.10")), LocalDate.of(year, 4, 1),
                    LocalDate.of(year, 4, 14), 1.1));
            spans.add(new Span(new Campaign("SUMMER" + yy, new BigDecimal("0.20")), LocalDate.of(year, 6, 24),
                    LocalDate.of(year, 7, 21), 1.2));
            spans.add(new Span(new Campaign("BLACKFRIDAY" + yy, new BigDecimal("0.25")), blackFriday,
                    blackFriday.plusDays(3), 2.5));
            spans.add(new Span(new Campaign("XMAS" + yy, new BigDecimal("0.10")), LocalDate.of(year, 12, 1),
                    LocalDate.of(year, 12, 15), 1.2));
        }
        return spans;
    }

    record Campaign(String code, BigDecimal rate) {
    }

    private record Span(Campaign campaign, LocalDate from, LocalDate to, double demandBoost) {
    }
}
