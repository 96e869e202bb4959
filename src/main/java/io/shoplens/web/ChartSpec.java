package io.shoplens.web;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code shoplens.js} needs to draw one chart; rendered into a {@code data-chart} attribute as JSON, which Qute
 * escapes like any other attribute value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChartSpec(String type, List<?> labels, List<Series> series, Boolean horizontal, Boolean stacked,
        Boolean money, String xTitle, String yTitle, String y2Title, Boolean xLinear, Double xMin, Double xMax,
        Double yMin, Double yMax) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Series(String label, List<?> data, String type, String axis, String color, Boolean fill,
            Boolean stepped) {
        public static Series of(String label, List<?> data) {
            return new Series(label, data, null, null, null, null, null);
        }

        public Series as(String chartType, String onAxis) {
            return new Series(label, data, chartType, onAxis, color, fill, stepped);
        }

        public Series colored(String newColor) {
            return new Series(label, data, type, axis, newColor, fill, stepped);
        }
    }

    public static Builder of(String type, List<?> labels) {
        return new Builder(type, labels);
    }

    public static final class Builder {
        private final String type;
        private final List<?> labels;
        private final List<Series> series = new ArrayList<>();
        private Boolean horizontal;
        private Boolean stacked;
        private Boolean money;
        private String xTitle;
        private String yTitle;
        private String y2Title;
        private Boolean xLinear;
        private Double xMin;
        private Double xMax;
        private Double yMin;
        private Double yMax;

        private Builder(String type, List<?> labels) {
            this.type = type;
            this.labels = labels;
        }

        public Builder series(Series s) {
            series.add(s);
            return this;
        }

        public Builder horizontal() {
            horizontal = true;
            return this;
        }

        public Builder stacked() {
            stacked = true;
            return this;
        }

        public Builder money() {
            money = true;
            return this;
        }

        public Builder titles(String x, String y) {
            xTitle = x;
            yTitle = y;
            return this;
        }

        public Builder y2(String title) {
            y2Title = title;
            return this;
        }

        public Builder linearX(double min, double max) {
            xLinear = true;
            xMin = min;
            xMax = max;
            return this;
        }

        public Builder yRange(double min, double max) {
            yMin = min;
            yMax = max;
            return this;
        }

        public ChartSpec build() {
            return new ChartSpec(type, labels, series, horizontal, stacked, money, xTitle, yTitle, y2Title, xLinear,
                    xMin, xMax, yMin, yMax);
        }
    }
}
