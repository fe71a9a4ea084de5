package com.jxc.returns.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.AnalyticsDimension;
import com.jxc.returns.api.query.FindReturnAnalyticsQuery;
import com.jxc.returns.api.query.ReturnAnalytics;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Profile;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.jxc.returns.console.ConsoleForms.day;
import static com.jxc.returns.console.ConsoleForms.parse;

/** Return analytics for a period: tables and charts per reason, category, month and SKU, and their CSV. */
@Profile("!command")
@Controller
class ConsoleAnalyticsController {

    private static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final List<String> STAGES = List.of("review", "shippingBack", "inspection", "settlement");

    private final QueryGateway queries;
    private final MessageSource messages;
    private final ObjectMapper json = new ObjectMapper();

    ConsoleAnalyticsController(QueryGateway queries, MessageSource messages) {
        this.queries = queries;
        this.messages = messages;
    }

    @GetMapping("/console/analytics")
    String analytics(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     Model model) throws JsonProcessingException {
        Period period = Period.of(from, to);
        var results = new LinkedHashMap<String, ReturnAnalytics>();
        for (AnalyticsDimension dimension : List.of(AnalyticsDimension.REASON, AnalyticsDimension.CATEGORY,
                AnalyticsDimension.MONTH, AnalyticsDimension.SKU)) {
            results.put(dimension.name().toLowerCase(), analytics(dimension, period));
        }
        model.addAttribute("results", results);
        model.addAttribute("charts", json.writeValueAsString(charts(results)));
        model.addAttribute("f", Map.of("from", period.from() == null ? "" : from, "to", period.to() == null ? "" : to));
        return "console/analytics";
    }

    /**
     * The API's CSV ({@code GET /api/analytics/returns} with {@code Accept: text/csv}) for the period on screen,
     * written by the same converter; the API's CSV needs Basic auth, this one the console's sign-in.
     */
    @GetMapping("/console/analytics.csv")
    ResponseEntity<ReturnAnalytics> analyticsCsv(@RequestParam(defaultValue = "reason") String groupBy,
                                                 @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to) {
        AnalyticsDimension dimension = parse(AnalyticsDimension.class, groupBy.toUpperCase(Locale.ROOT));
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .body(analytics(dimension == null ? AnalyticsDimension.REASON : dimension, Period.of(from, to)));
    }

    /**
     * Business days from {@code from} up to {@code to}; a bound that does not parse, or an end not after the start,
     * is no bound.
     */
    private record Period(Instant from, Instant to) {
        static Period of(String from, String to) {
            Instant start = day(from);
            Instant end = day(to);
            return new Period(start, start != null && end != null && !start.isBefore(end) ? null : end);
        }
    }

    private ReturnAnalytics analytics(AnalyticsDimension dimension, Period period) {
        return queries.query(new FindReturnAnalyticsQuery(dimension, period.from(), period.to()),
                ResponseTypes.instanceOf(ReturnAnalytics.class)).join();
    }

    /** Chart.js data sets, labels already in the reader's language. */
    private Map<String, Object> charts(Map<String, ReturnAnalytics> results) {
        var charts = new LinkedHashMap<String, Object>();
        List<ReturnAnalytics.Group> byReason = results.get("reason").groups();
        charts.put("reason", chart(byReason.stream().map(g -> text("reason." + g.key()) + suffix(g))
                .toList(), List.of(dataset(text("analytics.requests"), byReason.stream()
                .map(g -> (Object) g.requests()).toList()))));
        List<ReturnAnalytics.Group> byCategory = results.get("category").groups();
        charts.put("category", chart(byCategory.stream().map(g -> g.key() + suffix(g)).toList(), List.of(
                dataset(text("analytics.units"), byCategory.stream().map(g -> (Object) g.units()).toList()),
                dataset(text("analytics.unitsCredited"), byCategory.stream().map(g -> (Object) g.unitsCredited())
                        .toList()))));
        List<ReturnAnalytics.Group> byMonth = results.get("month").groups();
        charts.put("month", chart(byMonth.stream().map(g -> g.key() + suffix(g)).toList(), List.of(
                dataset(text("analytics.requests"), byMonth.stream().map(g -> (Object) g.requests()).toList()),
                dataset(text("analytics.approved"), byMonth.stream().map(g -> (Object) g.approved()).toList()))));
        List<ReturnAnalytics.Group> bySku = results.get("sku").groups();
        charts.put("sku", chart(bySku.stream().map(g -> g.key() + suffix(g)).toList(), List.of(
                dataset(text("analytics.returnRate"), bySku.stream().map(g -> (Object) (g.returnRate() == null ? null
                        : g.returnRate().multiply(BigDecimal.valueOf(100)))).toList()))));
        charts.put("stages", chart(STAGES.stream().map(stage -> text("stage." + stage)).toList(),
                byReason.stream().map(g -> dataset(text("reason." + g.key()) + suffix(g), STAGES.stream()
                        .map(stage -> (Object) median(g, stage)).toList())).toList()));
        charts.put("feedback", chart(byReason.stream().map(g -> text("reason." + g.key()) + suffix(g))
                .toList(), List.of(dataset(text("analytics.averageFeedback"), byReason.stream()
                .map(g -> (Object) g.averageFeedback()).toList()))));
        return charts;
    }

    private static Map<String, Object> chart(List<String> labels, List<Map<String, Object>> datasets) {
        return Map.of("labels", labels, "datasets", datasets);
    }

    private static Map<String, Object> dataset(String label, List<Object> data) {
        var dataset = new LinkedHashMap<String, Object>();
        dataset.put("label", label);
        dataset.put("data", new ArrayList<>(data));
        return dataset;
    }

    private static String suffix(ReturnAnalytics.Group group) {
        return "CNY".equals(group.currency()) ? "" : " (" + group.currency() + ")";
    }

    private static BigDecimal median(ReturnAnalytics.Group group, String stage) {
        if (group.stages() == null) {
            return null;
        }
        ReturnAnalytics.Stage s = switch (stage) {
            case "review" -> group.stages().review();
            case "shippingBack" -> group.stages().shippingBack();
            case "inspection" -> group.stages().inspection();
            default -> group.stages().settlement();
        };
        return s == null ? null : s.medianHours();
    }

    private String text(String key) {
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }
}
