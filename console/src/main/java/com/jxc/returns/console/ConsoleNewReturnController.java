package com.jxc.returns.console;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.web.CommandDispatcher;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.jxc.returns.console.ConsoleForms.currentUser;
import static com.jxc.returns.console.ConsoleForms.intOr;
import static com.jxc.returns.console.ConsoleForms.intParam;
import static com.jxc.returns.console.ConsoleForms.parse;
import static com.jxc.returns.console.ConsoleForms.required;
import static com.jxc.returns.console.ConsoleForms.text;

/** New return: the order's lines and what is still returnable, the policy's verdict as a preview, the submission. */
@Profile("!command")
@Controller
@RequestMapping("/console")
class ConsoleNewReturnController {

    private final CommandDispatcher commands;
    private final ConsoleErrors errors;
    private final OrderLookup orders;
    private final PolicyPreview preview;
    private final ReturnViewWait viewWait;
    private final Clock clock;

    ConsoleNewReturnController(CommandDispatcher commands, ConsoleErrors errors, OrderLookup orders,
                               PolicyPreview preview, ReturnViewWait viewWait, Clock clock) {
        this.commands = commands;
        this.errors = errors;
        this.orders = orders;
        this.preview = preview;
        this.viewWait = viewWait;
        this.clock = clock;
    }

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
                viewWait.untilViewShowsStoredEvents(returnId.value());
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
}
