package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.AnalyticsDimension;
import com.jxc.returns.api.query.FindLedgerEntriesQuery;
import com.jxc.returns.api.query.FindNotificationsQuery;
import com.jxc.returns.api.query.FindPolicyVersionsQuery;
import com.jxc.returns.api.query.PolicyBacktest;
import com.jxc.returns.api.query.FindReturnAnalyticsQuery;
import com.jxc.returns.api.query.FindStockLevelsQuery;
import com.jxc.returns.api.query.FindStoreCreditQuery;
import com.jxc.returns.api.query.FindStoreCreditsQuery;
import com.jxc.returns.api.query.FindTrialBalanceQuery;
import com.jxc.returns.api.query.LedgerEntryPage;
import com.jxc.returns.api.query.NotificationPage;
import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.api.query.PolicyVersions;
import com.jxc.returns.api.query.ReturnAnalytics;
import com.jxc.returns.api.query.StockLevels;
import com.jxc.returns.api.query.StoreCredit;
import com.jxc.returns.api.query.StoreCreditPage;
import com.jxc.returns.api.query.TrialBalance;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.query.audit.BacktestRequest;
import com.jxc.returns.query.admin.ReadModelAdministration;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Sign-in, stock, ledger, store credit, analytics, policy, notifications and read-model administration. */
@Profile("!command")
@Controller
class ConsolePagesController {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{4,6}");
    private static final Pattern READ_MODEL = Pattern.compile("[a-z][a-z-]{0,40}");
    private static final List<String> STAGES = List.of("review", "shippingBack", "inspection", "settlement");
    /** Rows of "returns decided differently" on one page; the totals always cover every return. */
    static final int BACKTEST_ROWS = 200;

    private final QueryGateway queries;
    private final ReadModelAdministration readModels;
    private final ConsoleErrors errors;
    private final MessageSource messages;
    private final Validator validator;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    ConsolePagesController(QueryGateway queries, ReadModelAdministration readModels, ConsoleErrors errors,
                           MessageSource messages, Validator validator, Clock clock) {
        this.queries = queries;
        this.readModels = readModels;
        this.errors = errors;
        this.messages = messages;
        this.validator = validator;
        this.clock = clock;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @RequestMapping("/console/forbidden")
    String forbidden(jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(403);
        return "console/forbidden";
    }

    // ---------------------------------------------------------------- stock

    @GetMapping("/console/stock")
    String stock(@RequestParam(required = false) String sku, @RequestParam(required = false) String warehouse,
                 Model model) {
        String skuFilter = OrderLookup.validId(sku) ? sku : null;
        String warehouseFilter = OrderLookup.validId(warehouse) ? warehouse : null;
        model.addAttribute("levels", queries.query(new FindStockLevelsQuery(skuFilter, warehouseFilter),
                ResponseTypes.instanceOf(StockLevels.class)).join().levels());
        model.addAttribute("f", Map.of("sku", skuFilter == null ? "" : skuFilter,
                "warehouse", warehouseFilter == null ? "" : warehouseFilter));
        return "console/stock";
    }

    // ---------------------------------------------------------------- ledger and store credit

    @GetMapping("/console/ledger")
    String ledger(@RequestParam(required = false) String returnId, @RequestParam(required = false) String account,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        String returnFilter = OrderLookup.validId(returnId) ? returnId : null;
        String accountFilter = account != null && ACCOUNT.matcher(account).matches() ? account : null;
        Instant start = day(from);
        Instant end = day(to);
        int pageNo = Math.max(0, Math.min(page, 100_000));
        model.addAttribute("entries", queries.query(new FindLedgerEntriesQuery(returnFilter, accountFilter, start,
                end, pageNo, 50), ResponseTypes.instanceOf(LedgerEntryPage.class)).join());
        model.addAttribute("balance", queries.query(new FindTrialBalanceQuery(start, end),
                ResponseTypes.instanceOf(TrialBalance.class)).join());
        model.addAttribute("f", Map.of("returnId", returnFilter == null ? "" : returnFilter,
                "account", accountFilter == null ? "" : accountFilter, "from", start == null ? "" : from,
                "to", end == null ? "" : to));
        model.addAttribute("page", pageNo);
        return "console/ledger";
    }

    @GetMapping("/console/store-credit")
    String storeCredit(@RequestParam(required = false) String customer, @RequestParam(defaultValue = "0") int page,
                       Model model) {
        if (OrderLookup.validId(customer)) {
            model.addAttribute("credit", queries.query(new FindStoreCreditQuery(customer),
                    ResponseTypes.instanceOf(StoreCredit.class)).join());
        }
        model.addAttribute("customer", OrderLookup.validId(customer) ? customer : "");
        model.addAttribute("credits", queries.query(new FindStoreCreditsQuery(Math.max(0, page), 50),
                ResponseTypes.instanceOf(StoreCreditPage.class)).join());
        return "console/store-credit";
    }

    // ---------------------------------------------------------------- analytics

    @GetMapping("/console/analytics")
    String analytics(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     Model model) throws JsonProcessingException {
        Instant start = day(from);
        Instant end = day(to);
        if (start != null && end != null && !start.isBefore(end)) {
            end = null;
        }
        var results = new LinkedHashMap<String, ReturnAnalytics>();
        for (AnalyticsDimension dimension : List.of(AnalyticsDimension.REASON, AnalyticsDimension.CATEGORY,
                AnalyticsDimension.MONTH, AnalyticsDimension.SKU)) {
            results.put(dimension.name().toLowerCase(), analytics(dimension, start, end));
        }
        model.addAttribute("results", results);
        model.addAttribute("charts", json.writeValueAsString(charts(results)));
        model.addAttribute("f", Map.of("from", start == null ? "" : from, "to", end == null ? "" : to));
        return "console/analytics";
    }

    /** The same figures as the API's CSV, for the period on screen (the API's CSV needs Basic auth). */
    @GetMapping("/console/analytics.csv")
    ResponseEntity<String> analyticsCsv(@RequestParam(defaultValue = "reason") String groupBy,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to) {
        AnalyticsDimension dimension = ConsoleReturnsController.parse(AnalyticsDimension.class,
                groupBy.toUpperCase(java.util.Locale.ROOT));
        Instant start = day(from);
        Instant end = day(to);
        if (start != null && end != null && !start.isBefore(end)) {
            end = null;
        }
        ReturnAnalytics result = analytics(dimension == null ? AnalyticsDimension.REASON : dimension, start, end);
        var csv = new StringBuilder("key,currency,requests,units,value,approved,autoApproved,rejected,cancelled,"
                + "expired,approvalRate,unitsCredited,valueCredited,shippedUnits,returnRate,reviewMedianHours,"
                + "shippingBackMedianHours,inspectionMedianHours,settlementMedianHours,averageFeedback\r\n");
        for (ReturnAnalytics.Group g : result.groups()) {
            csv.append(Stream.of(g.key(), g.currency(), g.requests(), g.units(), g.value(), g.approved(),
                            g.autoApproved(), g.rejected(), g.cancelled(), g.expired(), g.approvalRate(),
                            g.unitsCredited(), g.valueCredited(), g.shippedUnits(), g.returnRate(),
                            median(g, "review"), median(g, "shippingBack"), median(g, "inspection"),
                            median(g, "settlement"), g.averageFeedback())
                    .map(ConsolePagesController::csvField).collect(Collectors.joining(","))).append("\r\n");
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"returns-by-"
                        + result.groupBy().toLowerCase() + ".csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(csv.toString());
    }

    private ReturnAnalytics analytics(AnalyticsDimension dimension, Instant from, Instant to) {
        return queries.query(new FindReturnAnalyticsQuery(dimension, from, to),
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

    private static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.matches("^[=+\\-@].*") && !(value instanceof Number)) {
            text = "'" + text; // never a formula when opened in a spreadsheet
        }
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    // ---------------------------------------------------------------- policy

    @GetMapping("/console/policy")
    String policy(Model model) {
        model.addAttribute("bt", PolicyBacktestForm.of(inForce(policyVersions(model))));
        return "console/policy";
    }

    /**
     * The draft on the form replayed over past returns: the API's own request (same validation) and query, so the
     * page shows what {@code POST /api/return-policy/backtest} answers for the same draft and period.
     */
    @PostMapping("/console/policy/backtest")
    String backtest(@RequestParam MultiValueMap<String, String> form, Model model) {
        PolicyVersions versions = policyVersions(model);
        model.addAttribute("bt", PolicyBacktestForm.of(inForce(versions)));
        try {
            PolicyBacktestForm draft = PolicyBacktestForm.read(form);
            model.addAttribute("bt", draft);
            BacktestRequest request = draft.toRequest(clock);
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            PolicyBacktest result = queries.query(request.toQuery(), ResponseTypes.instanceOf(PolicyBacktest.class))
                    .join();
            List<PolicyBacktest.ReturnOutcome> changed = result.returns().stream()
                    .filter(outcome -> !outcome.differences().isEmpty()).toList();
            model.addAttribute("backtest", result);
            model.addAttribute("changedCount", changed.size());
            model.addAttribute("changed", changed.subList(0, Math.min(changed.size(), BACKTEST_ROWS)));
        } catch (Exception e) {
            model.addAttribute("actionError", errors.explain(e));
        }
        return "console/policy";
    }

    /** The form posts here; a GET (the language switch, a reload) goes back to the page. */
    @GetMapping("/console/policy/backtest")
    String backtestPage() {
        return "redirect:/console/policy";
    }

    /** The form starts from the terms in force (the kernel's defaults before any version is defined). */
    private static ReturnPolicyTerms inForce(PolicyVersions versions) {
        return versions.versions().isEmpty() ? ReturnPolicyTerms.defaults() : versions.versions().get(0).terms();
    }

    private PolicyVersions policyVersions(Model model) {
        PolicyVersions versions = queries.query(new FindPolicyVersionsQuery(false),
                ResponseTypes.instanceOf(PolicyVersions.class)).join();
        model.addAttribute("versions", versions.versions());
        model.addAttribute("current", versions.versions().isEmpty() ? null : versions.versions().get(0));
        model.addAttribute("reasons", ReturnReason.values());
        return versions;
    }

    // ---------------------------------------------------------------- notifications and administration

    @GetMapping("/console/notifications")
    String notifications(@RequestParam(required = false) String returnId,
                         @RequestParam(required = false) String status,
                         @RequestParam(defaultValue = "0") int page, Model model) {
        String returnFilter = OrderLookup.validId(returnId) ? returnId : null;
        NotificationView.Status statusFilter = ConsoleReturnsController.parse(NotificationView.Status.class, status);
        model.addAttribute("notifications", queries.query(new FindNotificationsQuery(returnFilter, statusFilter,
                Math.max(0, page), 50), ResponseTypes.instanceOf(NotificationPage.class)).join());
        model.addAttribute("statuses", NotificationView.Status.values());
        model.addAttribute("f", Map.of("returnId", returnFilter == null ? "" : returnFilter,
                "status", statusFilter == null ? "" : statusFilter.name()));
        return "console/notifications";
    }

    @GetMapping("/console/admin")
    String admin(Model model) {
        model.addAttribute("readModels", readModels.statuses());
        var deadLetters = new ArrayList<ReadModelAdministration.DeadLetterView>();
        for (ReadModelAdministration.Status status : readModels.statuses()) {
            if (status.deadLetters() > 0) {
                deadLetters.addAll(readModels.deadLetters(status.name()));
            }
        }
        model.addAttribute("deadLetters", deadLetters);
        model.addAttribute("notifications", queries.query(new FindNotificationsQuery(null, null, 0, 10),
                ResponseTypes.instanceOf(NotificationPage.class)).join());
        return "console/admin";
    }

    @PostMapping("/console/admin/read-models/{name}/rebuild")
    String rebuild(@PathVariable String name, RedirectAttributes flash) {
        try {
            requireReadModel(name);
            readModels.rebuild(name);
            flash.addFlashAttribute("notice", "notice.rebuild");
        } catch (Exception e) {
            flash.addFlashAttribute("actionError", errors.explain(e));
        }
        return "redirect:/console/admin";
    }

    @PostMapping("/console/admin/dead-letters/{name}/retry")
    String retry(@PathVariable String name, RedirectAttributes flash) {
        try {
            requireReadModel(name);
            int processed = readModels.retryDeadLetters(name);
            flash.addFlashAttribute("notice", "notice.retry");
            flash.addFlashAttribute("noticeArg", processed);
        } catch (Exception e) {
            flash.addFlashAttribute("actionError", errors.explain(e));
        }
        return "redirect:/console/admin";
    }

    private static void requireReadModel(String name) {
        if (!READ_MODEL.matcher(name).matches()) {
            throw new IllegalArgumentException("no read model " + name);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A business day (yyyy-MM-dd) as the instant it starts in Shanghai; anything else is no bound. */
    private static Instant day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(ConsoleFormat.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String text(String key) {
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }
}
