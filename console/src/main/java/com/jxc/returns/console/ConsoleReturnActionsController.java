package com.jxc.returns.console;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.ConfirmSettlementCommand;
import com.jxc.returns.api.returnrequest.DeclineSettlementCommand;
import com.jxc.returns.api.returnrequest.GiveFeedbackCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.command.web.CommandDispatcher;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static com.jxc.returns.console.ConsoleForms.currentUser;
import static com.jxc.returns.console.ConsoleForms.intParam;
import static com.jxc.returns.console.ConsoleForms.requireId;
import static com.jxc.returns.console.ConsoleForms.required;
import static com.jxc.returns.console.ConsoleForms.requiredText;
import static com.jxc.returns.console.ConsoleForms.text;

/**
 * The actions of a return's detail page: each sends its command as the signed-in user, in the role the action
 * needs, then redirects to the detail page once the return's view shows the command's effects.
 */
@Profile("!command")
@Controller
@RequestMapping("/console")
class ConsoleReturnActionsController {

    private final QueryGateway queries;
    private final CommandDispatcher commands;
    private final ConsoleErrors errors;
    private final ReturnViewWait viewWait;
    private final Clock clock;

    ConsoleReturnActionsController(QueryGateway queries, CommandDispatcher commands, ConsoleErrors errors,
                                   ReturnViewWait viewWait, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.errors = errors;
        this.viewWait = viewWait;
        this.clock = clock;
    }

    @PostMapping("/returns/{returnId}/approve")
    String approve(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                   RedirectAttributes flash) {
        return act(returnId, form, flash, "approve", ReturnAction.APPROVE, id -> {
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
        return act(returnId, form, flash, "reject", ReturnAction.REJECT, id -> new RejectReturnCommand(id,
                requiredText(form.getFirst("reason")), currentUser(), clock.instant()));
    }

    @PostMapping("/returns/{returnId}/cancel")
    String cancel(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                  RedirectAttributes flash) {
        return act(returnId, form, flash, "cancel", ReturnAction.CANCEL, id -> new CancelReturnCommand(id,
                text(form.getFirst("reason")), currentUser(), clock.instant()));
    }

    @PostMapping("/returns/{returnId}/receive")
    String receive(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                   RedirectAttributes flash) {
        return act(returnId, form, flash, "receive", ReturnAction.RECEIVE, id -> {
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
        return act(returnId, form, flash, "inspect", ReturnAction.INSPECT, id -> {
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
                ? "notice.settleProposed" : "notice.settle", ReturnAction.SETTLE, id -> {
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
        return act(returnId, form, flash, "confirmSettlement", ReturnAction.CONFIRM_SETTLEMENT, id -> new ConfirmSettlementCommand(id,
                currentUser(), clock.instant()));
    }

    /** A second finance user declines the proposed settlement, with a reason: it is finance's to settle again. */
    @PostMapping("/returns/{returnId}/settle/decline")
    String declineSettlement(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                             RedirectAttributes flash) {
        return act(returnId, form, flash, "declineSettlement", ReturnAction.DECLINE_SETTLEMENT, id -> new DeclineSettlementCommand(id,
                requiredText(form.getFirst("reason")), currentUser(), clock.instant()));
    }

    @PostMapping("/returns/{returnId}/feedback")
    String feedback(@PathVariable String returnId, @RequestParam MultiValueMap<String, String> form,
                    RedirectAttributes flash) {
        return act(returnId, form, flash, "feedback", ReturnAction.GIVE_FEEDBACK, id -> new GiveFeedbackCommand(id,
                intParam(form, "rating", 0), text(form.getFirst("comment")), currentUser(), clock.instant()));
    }

    /** Sends the command as the signed-in user, then waits (briefly) until the read model shows its effect. */
    private String act(String returnId, MultiValueMap<String, String> form, RedirectAttributes flash, String action,
                       ReturnAction taken, Function<ReturnRequestId, Object> command) {
        return act(returnId, flash, action, result -> "notice." + action, taken, command);
    }

    /** {@code notice} picks the message key from what the command handler answered. */
    private <R> String act(String returnId, RedirectAttributes flash, String action, Function<R, String> notice,
                           ReturnAction taken, Function<ReturnRequestId, Object> command) {
        requireId(returnId);
        try {
            R result = commands.send(command.apply(new ReturnRequestId(returnId)), taken.actingRoles());
            viewWait.untilViewShowsStoredEvents(returnId);
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
}
