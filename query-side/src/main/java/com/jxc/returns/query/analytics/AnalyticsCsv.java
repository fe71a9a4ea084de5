package com.jxc.returns.query.analytics;

import com.jxc.returns.api.query.ReturnAnalytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Return analytics as CSV (RFC 4180): a header row, one row per group, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break. The first column is named after the grouping. A text value that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 */
final class AnalyticsCsv {

    private static final String CRLF = "\r\n";
    private static final List<String> STAGES = List.of("review", "shippingBack", "inspection", "settlement");

    private AnalyticsCsv() {
    }

    static String write(ReturnAnalytics analytics) {
        var header = new ArrayList<String>(List.of(analytics.groupBy(), "currency", "requests", "units", "value",
                "approved", "autoApproved", "rejected", "cancelled", "expired", "approvalRate", "unitsApproved",
                "valueApproved", "unitsCredited", "valueCredited", "shippedUnits", "returnRate"));
        for (String stage : STAGES) {
            header.addAll(List.of(stage + "Count", stage + "MedianHours", stage + "P90Hours"));
        }
        header.addAll(List.of("averageFeedback", "feedbackCount"));
        var csv = new StringBuilder(row(header.stream()));
        for (ReturnAnalytics.Group group : analytics.groups()) {
            var stages = group.stages();
            csv.append(row(Stream.of(
                    text(group.key()), text(group.currency()), group.requests(), group.units(), group.value(),
                    group.approved(), group.autoApproved(), group.rejected(), group.cancelled(), group.expired(),
                    group.approvalRate(), group.unitsApproved(), group.valueApproved(), group.unitsCredited(),
                    group.valueCredited(), group.shippedUnits(), group.returnRate(),
                    stages.review().count(), stages.review().medianHours(), stages.review().p90Hours(),
                    stages.shippingBack().count(), stages.shippingBack().medianHours(),
                    stages.shippingBack().p90Hours(),
                    stages.inspection().count(), stages.inspection().medianHours(), stages.inspection().p90Hours(),
                    stages.settlement().count(), stages.settlement().medianHours(), stages.settlement().p90Hours(),
                    group.averageFeedback(), group.feedbackCount())));
        }
        return csv.toString();
    }

    private static String row(Stream<?> fields) {
        return fields.map(AnalyticsCsv::field).collect(Collectors.joining(",", "", CRLF));
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\r") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
