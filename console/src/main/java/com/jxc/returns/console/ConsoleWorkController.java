package com.jxc.returns.console;

import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnState;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.jxc.returns.console.ConsoleForms.parse;
import static com.jxc.returns.console.ConsoleForms.validId;

/** My work: the returns waiting for the signed-in user's roles, a tab per stage, with filters and receipt deadlines. */
@Profile("!command")
@Controller
@RequestMapping("/console")
class ConsoleWorkController {

    static final Duration DUE_SOON = Duration.ofDays(3);
    private static final int PAGE_SIZE = 20;

    private final QueryGateway queries;
    private final Clock clock;

    ConsoleWorkController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping({"", "/"})
    String home() {
        return "redirect:/console/work";
    }

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
        String customerFilter = validId(customer) ? customer : null;
        String orderFilter = validId(order) ? order : null;
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
}
