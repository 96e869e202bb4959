package io.shoplens.web;

import java.util.List;
import java.util.function.Function;

import io.shoplens.common.FormulaGuard;

/**
 * RFC 4180 CSV for spreadsheets: fields with commas, quotes or line breaks are quoted, quotes doubled, and text that a
 * spreadsheet would run as a formula is neutralised ({@link FormulaGuard}); numbers stay numbers, negative ones too.
 */
final class Csv {
    private Csv() {
    }

    static <T> String of(List<String> header, List<T> rows, Function<T, List<?>> fields) {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (T row : rows) {
            line(sb, fields.apply(row));
        }
        return sb.toString();
    }

    static void line(StringBuilder sb, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        sb.append("\r\n");
    }

    static String field(Object value) {
        String text = value == null ? "" : value instanceof java.math.BigDecimal d ? d.toPlainString()
                : value instanceof Number n ? n.toString() : FormulaGuard.escape(value.toString());
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
