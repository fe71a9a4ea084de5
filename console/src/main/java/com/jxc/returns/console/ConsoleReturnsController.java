package com.jxc.returns.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.util.Optional;
import java.util.Set;

import static com.jxc.returns.console.ConsoleForms.requireId;

/**
 * A return's detail page: the return as its view shows it, its timeline, the return as of any one of its events (for
 * auditors and administrators) and the actions its state and the user's roles allow (sent to
 * {@link ConsoleReturnActionsController}).
 */
@Profile("!command")
@Controller
@RequestMapping("/console")
class ConsoleReturnsController {

    private final QueryGateway queries;
    private final ReturnTimeline timelines;
    private final ConsoleFormat fmt;
    private final ObjectMapper json = new ObjectMapper();

    ConsoleReturnsController(QueryGateway queries, ReturnTimeline timelines, ConsoleFormat fmt) {
        this.queries = queries;
        this.timelines = timelines;
        this.fmt = fmt;
    }

    @GetMapping("/returns/{returnId}")
    String detail(@PathVariable String returnId, @RequestParam(required = false) Integer upTo, Model model) {
        requireId(returnId);
        ReturnTimeline.Timeline events = timelines.read(returnId);
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
            model.addAttribute("asOf", timelines.asOf(returnId, events, chosen));
            model.addAttribute("asOfChosen", upTo != null);
        }
        model.addAttribute("timelineTimes", times(events));
        model.addAttribute("canAct", view.map(v -> canAct(v, user)).orElse(false));
        model.addAttribute("methods", SettlementMethod.values());
        return "console/return";
    }

    private String times(ReturnTimeline.Timeline events) {
        try {
            return json.writeValueAsString(events.entries().stream().map(e -> fmt.dateTime(e.at())).toList());
        } catch (JsonProcessingException e) {
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
}
