package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.ConfirmSettlementCommand;
import com.jxc.returns.api.returnrequest.DeclineSettlementCommand;
import com.jxc.returns.api.returnrequest.GiveFeedbackCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.web.CommandDispatcher;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** My work, new return, return detail with its timeline and the actions the state and role allow. */
@Profile("!command")
@Controller
@RequestMapping("/console")
class ConsoleReturnsController {

    static final Duration DUE_SOON = Duration.ofDays(3);
    private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(5);
    private static final int PAGE_SIZE = 20;

    private final QueryGateway queries;
    private final CommandDispatcher commands;
    private final EventStore events;
    private final ConsoleErrors errors;
    private final OrderLookup orders;
    private final PolicyPreview preview;
    private final ReturnHistory history;
    private final Clock clock;
    private final ConsoleFormat fmt;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    ConsoleReturnsController(QueryGateway queries, CommandDispatcher commands, EventStore events,
                             ConsoleErrors errors, OrderLookup orders, PolicyPreview preview, ReturnHistory history,
                             Clock clock, ConsoleFormat fmt) {
        this.fmt = fmt;
        this.queries = queries;
        this.commands = commands;
        this.events = events;
        this.errors = errors;
        this.orders = orders;
        this.preview = preview;
        this.history = history;
        this.clock = clock;
    }

    @GetMapping({"", "/"})
    String home() {
        return "redirect:/console/work";
    }

    // ---------------------------------------------------------------- my work

    /** One tab of the worklist: which returns it keeps. */
    record Stage(String name, ReturnState state, Set<String> waitingFor) {
    }

    record WorkRow(ReturnView view, Instant deadline, String deadlineFlag)
            implements com.jxc.returns.query.privacy.ContactCarrier {
        @Override
        public WorkRow withContactsMasked(com.jxc.returns.query.privacy.ContactMasking masking) {
            return new WorkRow(masking.view(view), deadline, deadlineFlag);
        }
    }

    @GetMapping("/work")
    String work(@RequestParam(required = false) String stage,
                @RequestParam(required = false) String state,
                @RequestParam(required = false) String customer,
                @RequestParam(required = false) String order,
                @RequestParam(required = false) String reason,
                @RequestParam(defaultValue = "false") boolean dueSoon,
                @RequestParam(defaultValue = "0") int page,
                Model model) {
        ConsoleUser user = ConsoleUser.of(SecurityContextHolder.getContext().getAuthentication());
        Map<String, Stage> stages = stages(user);
        String chosen = stage != null && stages.containsKey(stage) ? stage
                : stages.containsKey("mine") ? "mine" : "all";
        Stage tab = stages.get(chosen);
        ReturnState stateFilter = "all".equals(chosen) ? parse(ReturnState.class, state) : tab.state();
        String customerFilter = OrderLookup.validId(customer) ? customer : null;
        String orderFilter = OrderLookup.validId(order) ? order : null;
        ReturnReason reasonFilter = parse(ReturnReason.class, reason);
        Instant now = clock.instant();
        List<WorkRow> rows;
        long total;
        int pageNo = Math.max(0, Math.min(page, 10_000));
        if (dueSoon) {
            // receipt deadlines are not a query filter: look at the 200 oldest approved returns waiting for goods
            ReturnPage approved = find(new FindReturnsQuery(ReturnState.APPROVED, customerFilter, orderFilter,
                    reasonFilter == null ? null : reasonFilter.name(), Set.of("WAREHOUSE"), null, "requestedAt",
                    0, 200));
            rows = approved.items().stream().map(view -> row(view, now))
                    .filter(row -> row.deadlineFlag() != null)
                    .sorted(Comparator.comparing(WorkRow::deadline)).toList();
            total = rows.size();
            pageNo = 0;
        } else {
            ReturnPage result = find(new FindReturnsQuery(stateFilter, customerFilter, orderFilter,
                    reasonFilter == null ? null : reasonFilter.name(), tab.waitingFor(), null, "-requestedAt",
                    pageNo, PAGE_SIZE));
            rows = result.items().stream().map(view -> row(view, now)).toList();
            total = result.total();
        }
        var counts = new LinkedHashMap<String, Long>();
        stages.forEach((name, s) -> counts.put(name, "all".equals(name) ? null
                : find(new FindReturnsQuery(s.state(), null, null, null, s.waitingFor(), null, "-requestedAt", 0, 1))
                .total()));
        model.addAttribute("stages", stages.keySet());
        model.addAttribute("counts", counts);
        model.addAttribute("stage", chosen);
        model.addAttribute("rows", rows);
        model.addAttribute("total", total);
        model.addAttribute("page", pageNo);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("states", ReturnState.values());
        model.addAttribute("reasons", ReturnReason.values());
        model.addAttribute("f", Map.of("state", stateFilter == null ? "" : stateFilter.name(),
                "customer", customerFilter == null ? "" : customerFilter, "order", orderFilter == null ? "" : orderFilter,
                "reason", reasonFilter == null ? "" : reasonFilter.name(), "dueSoon", dueSoon));
        return "console/work";
    }

    private static Map<String, Stage> stages(ConsoleUser user) {
        var stages = new LinkedHashMap<String, Stage>();
        if (!user.actingRoles().isEmpty()) {
            stages.put("mine", new Stage("mine", null, user.actingRoles()));
        }
        stages.put("review", new Stage("review", ReturnState.REQUESTED, Set.of("REVIEWER")));
        stages.put("receive", new Stage("receive", ReturnState.APPROVED, Set.of("WAREHOUSE")));
        stages.put("inspect", new Stage("inspect", ReturnState.RECEIVED, Set.of("WAREHOUSE")));
        stages.put("settle", new Stage("settle", null, Set.of("FINANCE")));
        stages.put("all", new Stage("all", null, Set.of()));
        return stages;
    }

    private static WorkRow row(ReturnView view, Instant now) {
        Instant deadline = "APPROVED".equals(view.state()) && view.returnOrder() != null
                && !view.returnOrder().keepItem() ? view.returnOrder().receiptDeadline() : null;
        String flag = deadline == null ? null : deadline.isBefore(now) ? "overdue"
                : deadline.isBefore(now.plus(DUE_SOON)) ? "soon" : null;
        return new WorkRow(view, deadline, flag);
    }

    private ReturnPage find(FindReturnsQuery query) {
        return queries.query(query, ResponseTypes.instanceOf(ReturnPage.class)).join();
    }

    // ---------------------------------------------------------------- new return

    @GetMapping("/returns/new")
    String newReturn(@RequestParam(required = false) String orderId, Model model) {
        fillNewReturn(orderId, Map.of(), model);
        return "console/new-return";
    }

    /** {@code action=preview} shows the policy's verdict; {@code action=submit} sends the request. */
    @PostMapping("/returns/new")
    String submitNewReturn(@RequestParam MultiValueMap<String, String> form,
                           @RequestParam(defaultValue = "preview") String action,
                           @RequestParam(defaultValue = "false") boolean fragment,
                           Model model, RedirectAttributes flash) {
        String orderId = form.getFirst("orderId");
        Optional<OrderLookup.Order> order = fillNewReturn(orderId, form.toSingleValueMap(), model);
        if (order.isEmpty()) {
            return "console/new-return";
        }
        if ("submit".equals(action)) {
            try {
                var lines = new ArrayList<RequestedLine>();
                for (OrderLookup.Line line : order.get().lines()) {
                    int quantity = intParam(form, "qty." + line.lineNo(), 0);
                    if (quantity > 0) {
                        lines.add(new RequestedLine(line.lineNo(), Quantity.of(quantity),
                                required(ReportedCondition.class, form.getFirst("condition." + line.lineNo()))));
                    }
                }
                var returnId = new ReturnRequestId(UUID.randomUUID().toString());
                commands.send(new SubmitReturnCommand(returnId, new SalesOrderId(order.get().orderId()), lines,
                        required(ReturnReason.class, form.getFirst("reason")),
                        Optional.ofNullable(text(form.getFirst("reasonText"))).orElse(""),
                        required(Channel.class, form.getFirst("channel")),
                        required(Resolution.class, form.getFirst("wantedResolution")), currentUser(),
                        clock.instant()), Role.CUSTOMER_SERVICE);
                awaitViewShowsStoredEvents(returnId.value());
                flash.addFlashAttribute("notice", "notice.submitted");
                return "redirect:/console/returns/" + returnId.value();
            } catch (Exception e) {
                model.addAttribute("actionError", errors.explain(e));
            }
        }
        return fragment ? "console/new-return :: verdict" : "console/new-return";
    }

    private Optional<OrderLookup.Order> fillNewReturn(String orderId, Map<String, String> form, Model model) {
        model.addAttribute("orderId", orderId == null ? "" : orderId);
        model.addAttribute("form", form);
        model.addAttribute("reasons", ReturnReason.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("resolutions", Resolution.values());
        model.addAttribute("conditions", ReportedCondition.values());
        if (orderId == null || orderId.isBlank()) {
            return Optional.empty();
        }
        Optional<OrderLookup.Order> order = orders.find(orderId.strip());
        if (order.isEmpty()) {
            model.addAttribute("orderMissing", true);
            return order;
        }
        model.addAttribute("order", order.get());
        var quantities = new LinkedHashMap<Integer, Integer>();
        for (OrderLookup.Line line : order.get().lines()) {
            quantities.put(line.lineNo(), Math.min(line.returnable(), Math.max(0, intOr(form.get("qty."
                    + line.lineNo()), 0))));
        }
        model.addAttribute("quantities", quantities);
        preview.assess(order.get(), quantities, parse(ReturnReason.class, form.get("reason")))
                .ifPresent(verdict -> model.addAttribute("verdict", verdict));
        return order;
    }

    // ---------------------------------------------------------------- detail

    @GetMapping("/returns/{returnId}")
    String detail(@PathVariable String returnId, @RequestParam(required = false) Integer upTo, Model model) {
        requireId(returnId);
        ReturnHistory.History events = history.read(returnId);
        Optional<ReturnView> view = queries.query(new FindReturnQuery(new ReturnRequestId(returnId)),
                ResponseTypes.optionalInstanceOf(ReturnView.class)).join();
        if (view.isEmpty() && events.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, returnId);
        }
        model.addAttribute("returnId", returnId);
        model.addAttribute("r", view.orElse(null));
        model.addAttribute("timeline", events.entries());
        ConsoleUser user = ConsoleUser.of(SecurityContextHolder.getContext().getAuthentication());
        if (!events.isEmpty() && user.any("AUDITOR", "ADMIN")) {
            int chosen = upTo == null ? events.entries().size() : upTo;
            model.addAttribute("asOf", history.asOf(events, chosen));
            model.addAttribute("asOfChosen", upTo != null);
        }
        model.addAttribute("timelineTimes", times(events));
        model.addAttribute("canAct", view.map(v -> canAct(v, user)).orElse(false));
        model.addAttribute("methods", SettlementMethod.values());
        return "console/return";
    }

    private String times(ReturnHistory.History events) {
        try {
            return json.writeValueAsString(events.entries().stream().map(e -> fmt.dateTime(e.at())).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "[]";
        }
    }

    /**
     * Whether the detail page offers this user any action: the template shows one form per action the table of who
     * may do what allows ({@link ReturnView#allowedActions}).
     */
    private static boolean canAct(ReturnView view, ConsoleUser user) {
        return !view.allowedActions(user.name(), user.roles()).isEmpty();
    }

    @PostMapping("/returns/{returnId}/approve")
    String approve(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                   RedirectAttributes flash) {
        return act(returnId, form, flash, "approve", Role.REVIEWER, id -> {
            ReturnView view = view(id);
            var lines = new ArrayList<LineQuantity>();
            boolean partial = false;
            for (ReturnView.Line line : view.lines()) {
                int quantity = intParam(form, "qty." + line.lineNo(), line.requested());
                partial |= quantity != line.requested();
                lines.add(new LineQuantity(line.lineNo(), Quantity.of(quantity)));
            }
            return new ApproveReturnCommand(id, partial ? lines : List.of(), text(form.getFirst(
                    "windowOverrideReason")), text(form.getFirst("comment")), currentUser(), clock.instant());
        });
    }

    @PostMapping("/returns/{returnId}/reject")
    String reject(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                  RedirectAttributes flash) {
        return act(returnId, form, flash, "reject", Role.REVIEWER, id -> new RejectReturnCommand(id,
                requiredText(form.getFirst("reason")), currentUser(), clock.instant()));
    }

    @PostMapping("/returns/{returnId}/cancel")
    String cancel(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                  RedirectAttributes flash) {
        return act(returnId, form, flash, "cancel", Role.CUSTOMER_SERVICE, id -> new CancelReturnCommand(id,
                text(form.getFirst("reason")), currentUser(), clock.instant()));
    }

    @PostMapping("/returns/{returnId}/receive")
    String receive(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                   RedirectAttributes flash) {
        return act(returnId, form, flash, "receive", Role.WAREHOUSE, id -> {
            var lines = new ArrayList<ReceiveReturnCommand.ReceiptLine>();
            for (ReturnView.Line line : view(id).lines()) {
                if (line.approved() == 0) {
                    continue;
                }
                String sku = text(form.getFirst("sku." + line.lineNo()));
                lines.add(new ReceiveReturnCommand.ReceiptLine(line.lineNo(),
                        Quantity.of(intParam(form, "qty." + line.lineNo(), line.approved())),
                        sku == null ? null : new Sku(sku), text(form.getFirst("note." + line.lineNo()))));
            }
            return new ReceiveReturnCommand(id, lines, currentUser(), clock.instant());
        });
    }

    @PostMapping("/returns/{returnId}/inspect")
    String inspect(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                   RedirectAttributes flash) {
        return act(returnId, form, flash, "inspect", Role.WAREHOUSE, id -> {
            var lines = new ArrayList<InspectReturnCommand.Disposition>();
            for (ReturnView.Line line : view(id).lines()) {
                if (line.received() == 0) {
                    continue;
                }
                int n = line.lineNo();
                lines.add(new InspectReturnCommand.Disposition(n, Quantity.of(intParam(form, "restocked." + n, 0)),
                        Quantity.of(intParam(form, "scrapped." + n, 0)), Quantity.of(intParam(form, "repair." + n, 0)),
                        Quantity.of(intParam(form, "returnedToVendor." + n, 0)),
                        Quantity.of(intParam(form, "refused." + n, 0))));
            }
            return new InspectReturnCommand(id, lines, currentUser(), clock.instant());
        });
    }

    /** Settled at once, or (above the dual-control threshold) only proposed, which the notice says. */
    @PostMapping("/returns/{returnId}/settle")
    String settle(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                  RedirectAttributes flash) {
        return act(returnId, flash, "settle", state -> state == ReturnState.SETTLEMENT_PENDING
                ? "notice.settleProposed" : "notice.settle", Role.FINANCE, id -> {
            SettlementMethod method = required(SettlementMethod.class, form.getFirst("method"));
            String sku = method == SettlementMethod.EXCHANGE ? text(form.getFirst("exchangeSku")) : null;
            String quantity = method == SettlementMethod.EXCHANGE ? text(form.getFirst("exchangeQuantity")) : null;
            String price = method == SettlementMethod.EXCHANGE ? text(form.getFirst("exchangeUnitPrice")) : null;
            ReturnView view = view(id);
            return new SettleReturnCommand(id, method, sku == null ? null : new Sku(sku),
                    quantity == null ? null : Quantity.of(Integer.parseInt(quantity)),
                    price == null ? null : new Money(new BigDecimal(price),
                            java.util.Currency.getInstance(view.request().currency())),
                    currentUser(), clock.instant());
        });
    }

    /** A second finance user releases the proposed settlement, exactly as proposed. */
    @PostMapping("/returns/{returnId}/settle/confirm")
    String confirmSettlement(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                             RedirectAttributes flash) {
        return act(returnId, form, flash, "confirmSettlement", Role.FINANCE, id -> new ConfirmSettlementCommand(id,
                currentUser(), clock.instant()));
    }

    /** A second finance user declines the proposed settlement, with a reason: it is finance's to settle again. */
    @PostMapping("/returns/{returnId}/settle/decline")
    String declineSettlement(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                             RedirectAttributes flash) {
        return act(returnId, form, flash, "declineSettlement", Role.FINANCE, id -> new DeclineSettlementCommand(id,
                requiredText(form.getFirst("reason")), currentUser(), clock.instant()));
    }

    @PostMapping("/returns/{returnId}/feedback")
    String feedback(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                    RedirectAttributes flash) {
        return act(returnId, form, flash, "feedback", Role.CUSTOMER_SERVICE, id -> new GiveFeedbackCommand(id,
                intParam(form, "rating", 0), text(form.getFirst("comment")), currentUser(), clock.instant()));
    }

    /** Sends the command as the signed-in user, then waits (briefly) until the read model shows its effect. */
    private String act(String returnId, MultiValueMap<String, String> form, RedirectAttributes flash, String action,
                       Role role, Function<ReturnRequestId, Object> command) {
        return act(returnId, flash, action, result -> "notice." + action, role, command);
    }

    /** {@code notice} picks the message key from what the command handler answered. */
    private <R> String act(String returnId, RedirectAttributes flash, String action, Function<R, String> notice,
                           Role role, Function<ReturnRequestId, Object> command) {
        requireId(returnId);
        try {
            R result = commands.send(command.apply(new ReturnRequestId(returnId)), role);
            awaitViewShowsStoredEvents(returnId);
            flash.addFlashAttribute("notice", notice.apply(result));
        } catch (Exception e) {
            flash.addFlashAttribute("actionError", errors.explain(e));
            flash.addFlashAttribute("failedAction", action);
        }
        return "redirect:/console/returns/" + returnId;
    }

    private ReturnView view(ReturnRequestId id) {
        return queries.query(new FindReturnQuery(id), ResponseTypes.optionalInstanceOf(ReturnView.class)).join()
                .orElseThrow(() -> new IllegalArgumentException("return " + id.value() + " is not visible yet"));
    }

    /**
     * Read models are eventually consistent: wait, at most 5 s, until the return's view shows every event of the
     * return stored so far, so the page after a command shows all of the command's effects. A newer version alone is
     * not enough: a command stores several events (an approval also issues the return order and asks for two
     * customer notifications), and the returns processor may apply them in more than one batch, each batch visible
     * (and pushed to subscribers) as soon as it is written. The view's version is the aggregate sequence number of
     * the last event it applied.
     */
    private void awaitViewShowsStoredEvents(String returnId) {
        long version = events.lastSequenceNumberFor(returnId).orElse(-1L);
        var subscription = queries.subscriptionQuery(new FindReturnQuery(new ReturnRequestId(returnId)),
                ResponseTypes.optionalInstanceOf(ReturnView.class), ResponseTypes.instanceOf(ReturnView.class));
        try {
            subscription.initialResult().flatMap(Mono::justOrEmpty).concatWith(subscription.updates())
                    .filter(view -> view.version() >= version)
                    .next().block(READ_MODEL_WAIT);
        } catch (RuntimeException notYet) {
            // shown as it is; the page says changes may take a moment
        } finally {
            subscription.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static UserId currentUser() {
        return new UserId(SecurityContextHolder.getContext().getAuthentication().getName());
    }

    private static void requireId(String id) {
        if (!OrderLookup.validId(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such return");
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> E required(Class<E> type, String value) {
        E parsed = parse(type, value);
        if (parsed == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is required");
        }
        return parsed;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String requiredText(String value) {
        String text = text(value);
        if (text == null) {
            throw new IllegalArgumentException("a reason is required");
        }
        return text;
    }

    private static int intParam(MultiValueMap<String, String> form, String name, int otherwise) {
        String value = text(form.getFirst(name));
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static int intOr(String value, int otherwise) {
        try {
            return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
