package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.SystemActor;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.returnpolicy.AutoApprovalPolicy;
import com.jxc.returns.api.returnpolicy.KeepItemPolicy;
import com.jxc.returns.api.returnpolicy.PolicyVersion;
import com.jxc.returns.api.returnpolicy.ReturnWindowPolicy;
import com.jxc.returns.api.returnpolicy.SettlementCalculator;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.ConfirmSettlementCommand;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.DeclineSettlementCommand;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import com.jxc.returns.api.returnrequest.GiveFeedbackCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.RecordNotificationDeliveredCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnFacts;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.ReviewAssessment;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementDeclined;
import com.jxc.returns.api.returnrequest.SettlementProposed;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.lines.NamedLines;
import com.jxc.returns.command.returnpolicy.ReturnPolicies;
import com.jxc.returns.command.salesorder.SalesOrder;
import org.axonframework.messaging.MetaData;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One customer return, from request to feedback. Handlers check the rules against the current state and apply
 * events; event-sourcing handlers only assign fields. Time, ids and numbers come in with the command.
 */
@Aggregate(cache = "returnRequestCache")
public class ReturnRequest {

    static final UserId AUTO_APPROVAL = SystemActor.AUTO_APPROVAL.userId();
    private static final MetaData COMMAND_SENDER = MetaData.emptyInstance();
    private static final MetaData AUTO_APPROVAL_ACTOR = actedBy(SystemActor.AUTO_APPROVAL);
    private static final MetaData RECEIPT_DEADLINE_ACTOR = actedBy(SystemActor.RECEIPT_DEADLINE);
    private static final MetaData NOTIFICATION_DELIVERY_ACTOR = actedBy(SystemActor.NOTIFICATION_DELIVERY);

    @AggregateIdentifier
    private ReturnRequestId returnId;
    private SalesOrderId orderId;
    private Customer customer;
    private WarehouseId warehouse;
    private Currency currency;
    private Instant shippedAt;
    private ReturnReason reason;
    private UserId requestedBy;
    private Instant requestedAt;
    private ReturnState state;
    private Map<Integer, ReturnLine> requestedLines;
    private Map<Integer, ReturnLine> authorisedLines;
    private String returnOrderNumber;
    private boolean keepItem;
    private Map<Integer, ReceivedLine> receivedLines;
    private List<InspectedLine> inspectedLines;
    private boolean feedbackGiven;
    private SettlementProposed proposal;
    private Set<String> notificationsRequested = new HashSet<>();
    private Set<String> notificationsDelivered = new HashSet<>();

    ReturnRequest() {
    }

    /** A new request, assessed against the policy; auto-approved at once when the policy allows it. */
    ReturnRequest(SubmitReturnCommand command, SalesOrder order, List<ReturnLine> lines, PolicyVersion policy,
                  ReturnOrderNumbers numbers, DeadlineManager deadlines) {
        var window = ReturnWindowPolicy.check(policy.terms(), order.shippedAt(), command.requestedAt(),
                command.reason(), lines.stream().map(ReturnLine::category).distinct().toList());
        Money value = valueOf(lines, order.currency());
        var verdict = AutoApprovalPolicy.assess(policy.terms().autoApproval(), window.within(), value,
                command.reason());
        apply(new ReturnRequested(command.returnId(), command.orderId(), order.customer(), order.warehouse(),
                order.currency(), order.shippedAt(), lines, command.reason(), command.reasonText(),
                command.channel(), command.wantedResolution(), command.requestedBy(), command.requestedAt(),
                new ReviewAssessment(policy.version(), window.within(), window.lastDay(), value,
                        verdict.autoApproved(), verdict.reviewReasons())))
                // events applied in a constructor reach the event-sourcing handlers only once it returns
                .andThen(() -> {
                    if (verdict.autoApproved()) {
                        // a policy that auto-approves without requiring the window is itself the override
                        String windowOverride = window.within() ? null : "policy version " + policy.version()
                                + " approves automatically outside the return window";
                        approve(List.of(), AUTO_APPROVAL_ACTOR, AUTO_APPROVAL, command.requestedAt(), policy,
                                windowOverride, "approved automatically under policy version " + policy.version(),
                                numbers, deadlines);
                    }
                });
    }

    /**
     * A command naming the version it was decided on ({@code If-Match}) is refused when the return moved on since,
     * before any rule is checked: the client decided on a state that no longer exists.
     */
    @CommandHandlerInterceptor
    void refuseStaleVersions(ConflictResolver conflicts) {
        // a delivery recorded meanwhile changes nothing the client decided on
        conflicts.detectConflicts(unseen -> unseen.stream()
                .anyMatch(event -> !(event.getPayload() instanceof CustomerNotificationDelivered)));
    }

    /** Idempotent: a delivery already recorded is not recorded again. */
    @CommandHandler
    void handle(RecordNotificationDeliveredCommand command) {
        if (!notificationsRequested.contains(command.notificationId())) {
            throw RuleViolation.invalid("unknown-notification", "return " + returnId.value()
                    + " has no notification " + command.notificationId());
        }
        if (command.attempts() < 1) {
            throw RuleViolation.invalid("delivery-needs-an-attempt", "a delivery takes at least one attempt");
        }
        if (notificationsDelivered.contains(command.notificationId())) {
            return;
        }
        apply(new CustomerNotificationDelivered(returnId, command.notificationId(), command.deliveredAt(),
                command.attempts()), NOTIFICATION_DELIVERY_ACTOR);
    }

    @CommandHandler
    void handle(ApproveReturnCommand command, ReturnPolicies policies, ReturnOrderNumbers numbers,
                DeadlineManager deadlines) {
        ReturnAction.APPROVE.check(facts(), nameOf(command.approvedBy()));
        approve(command.lines(), COMMAND_SENDER, command.approvedBy(), command.approvedAt(), policies.current(),
                blankToNull(command.windowOverrideReason()), command.comment(), numbers, deadlines);
    }

    /**
     * {@code actor} is the metadata naming who decided: empty for a person's command (the command's own user is
     * carried over), a system actor for the policy's automatic approval.
     */
    private void approve(List<LineQuantity> requestedApproval, MetaData actor, UserId approvedBy, Instant at,
                         PolicyVersion policy, String windowOverride, String comment, ReturnOrderNumbers numbers,
                         DeadlineManager deadlines) {
        boolean automatic = !actor.isEmpty();
        var window = ReturnWindowPolicy.check(policy.terms(), shippedAt, requestedAt, reason,
                requestedLines.values().stream().map(ReturnLine::category).distinct().toList());
        if (!window.within() && windowOverride == null) {
            throw RuleViolation.invalid("outside-return-window", "the return window ended on " + window.lastDay()
                    + "; approving needs an explicit override reason");
        }
        List<LineQuantity> approved = approvedQuantities(requestedApproval);
        apply(new ReturnApproved(returnId, orderId, approved, automatic, approvedBy, at, policy.version(),
                windowOverride, comment), actor);
        notifyCustomer(NotificationTopic.APPROVED, at, CustomerMessages.approved(approved, requestedLines.values()),
                actor);

        List<ReturnLine> authorised = approved.stream().map(line -> withQuantity(requestedLines.get(line.lineNo()),
                line.quantity())).toList();
        boolean keeps = KeepItemPolicy.keepsItem(policy.terms(), valueOf(authorised, currency));
        Instant deadline = keeps ? null : at.plus(Duration.ofDays(policy.terms().receiptDeadlineDays()));
        String number = numbers.next(at);
        String instructions = CustomerMessages.returnOrderInstructions(number, keeps, deadline);
        apply(new ReturnOrderIssued(returnId, number, authorised, instructions, deadline, keeps, at,
                policy.version()), actor);
        notifyCustomer(NotificationTopic.RETURN_ORDER_ISSUED, at, instructions, actor);
        if (deadline != null) {
            deadlines.schedule(deadline, ReceiptDeadline.NAME, new ReceiptDeadline(deadline));
        }
    }

    private List<LineQuantity> approvedQuantities(List<LineQuantity> asked) {
        if (asked.isEmpty()) {
            return requestedLines.values().stream()
                    .map(line -> new LineQuantity(line.lineNo(), line.quantity())).toList();
        }
        List<LineQuantity> approved = NamedLines.check(asked, LineQuantity::lineNo, requestedLines::containsKey,
                        "unknown-return-line", lineNo -> "line " + lineNo + " was not requested")
                .noneExceeds(LineQuantity::quantity, lineNo -> requestedLines.get(lineNo).quantity(),
                        "approval-exceeds-request", (lineNo, approving, requested) -> "line " + lineNo + ": "
                                + approving + " approved but only " + requested + " requested")
                .lines().stream().filter(line -> !line.quantity().isZero()).toList();
        if (approved.isEmpty()) {
            throw RuleViolation.invalid("nothing-approved", "approve at least one unit, or reject the request");
        }
        return approved;
    }

    @CommandHandler
    void handle(RejectReturnCommand command, ReturnPolicies policies) {
        ReturnAction.REJECT.check(facts(), nameOf(command.rejectedBy()));
        String why = requireText(command.reason(), "rejection-needs-reason", "a rejection needs a reason");
        apply(new ReturnRejected(returnId, orderId, why, command.rejectedBy(), command.rejectedAt(),
                policies.current().version()));
        notifyCustomer(NotificationTopic.REJECTED, command.rejectedAt(), CustomerMessages.rejected(why));
    }

    @CommandHandler
    void handle(CancelReturnCommand command, DeadlineManager deadlines) {
        ReturnAction.CANCEL.check(facts(), nameOf(command.cancelledBy()));
        apply(new ReturnCancelled(returnId, orderId, blankToNull(command.reason()), command.cancelledBy(),
                command.cancelledAt()));
        notifyCustomer(NotificationTopic.CANCELLED, command.cancelledAt(), CustomerMessages.cancelled());
        deadlines.cancelAllWithinScope(ReceiptDeadline.NAME);
    }

    @DeadlineHandler(deadlineName = ReceiptDeadline.NAME)
    void on(ReceiptDeadline deadline) {
        if (state != ReturnState.APPROVED || keepItem) {
            return;
        }
        apply(new ReturnExpired(returnId, orderId, deadline.deadline(), deadline.deadline()), RECEIPT_DEADLINE_ACTOR);
        notifyCustomer(NotificationTopic.EXPIRED, deadline.deadline(),
                CustomerMessages.expired(returnOrderNumber),
                RECEIPT_DEADLINE_ACTOR);
    }

    @CommandHandler
    void handle(ReceiveReturnCommand command, DeadlineManager deadlines) {
        ReturnAction.RECEIVE.check(facts(), nameOf(command.receivedBy()));
        var reported = NamedLines.check(command.lines(), ReceiveReturnCommand.ReceiptLine::lineNo,
                authorisedLines::containsKey, "unknown-return-line",
                lineNo -> "line " + lineNo + " is not on the return order");
        var received = new ArrayList<ReceivedLine>();
        int units = 0;
        for (ReturnLine authorised : authorisedLines.values()) {
            var line = reported.get(authorised.lineNo());
            Quantity arrived = line == null ? Quantity.ZERO : line.quantity();
            Sku sku = line == null || line.receivedSku() == null ? authorised.sku() : line.receivedSku();
            units += arrived.value();
            received.add(new ReceivedLine(authorised.lineNo(), authorised.sku(), sku, authorised.quantity(), arrived,
                    ReceivedLine.discrepancyOf(authorised.sku(), sku, authorised.quantity(), arrived),
                    line == null ? null : blankToNull(line.note())));
        }
        if (units == 0) {
            throw RuleViolation.invalid("nothing-received", "record the units that actually arrived");
        }
        apply(new ReturnReceived(returnId, warehouse, received, command.receivedBy(), command.receivedAt()));
        notifyCustomer(NotificationTopic.RECEIVED, command.receivedAt(), CustomerMessages.received(returnOrderNumber));
        deadlines.cancelAllWithinScope(ReceiptDeadline.NAME);
    }

    @CommandHandler
    void handle(InspectReturnCommand command) {
        ReturnAction.INSPECT.check(facts(), nameOf(command.inspectedBy()));
        var byLine = NamedLines.check(command.lines(), InspectReturnCommand.Disposition::lineNo,
                receivedLines::containsKey, "unknown-return-line", lineNo -> "line " + lineNo + " was not received");
        var inspected = new ArrayList<InspectedLine>();
        for (ReceivedLine received : receivedLines.values()) {
            var d = byLine.get(received.lineNo());
            var line = d == null
                    ? new InspectedLine(received.lineNo(), received.receivedSku(), Quantity.ZERO, Quantity.ZERO,
                    Quantity.ZERO, Quantity.ZERO, Quantity.ZERO)
                    : new InspectedLine(received.lineNo(), received.receivedSku(), d.restocked(), d.scrapped(),
                    d.repair(), d.returnedToVendor(), d.refused());
            if (!line.total().equals(received.received())) {
                throw RuleViolation.invalid("units-not-accounted", "line " + received.lineNo() + ": "
                        + received.received() + " units arrived but " + line.total() + " were inspected");
            }
            if (line.credited().exceeds(received.authorised())) {
                throw RuleViolation.invalid("credit-exceeds-authorised", "line " + received.lineNo() + ": only "
                        + received.authorised() + " units were authorised; refuse the rest");
            }
            if (received.discrepancy() == com.jxc.returns.api.returnrequest.Discrepancy.WRONG_SKU
                    && !line.credited().isZero()) {
                throw RuleViolation.invalid("wrong-item-not-creditable", "line " + received.lineNo()
                        + ": a wrong item cannot be credited; refuse it and send it back");
            }
            inspected.add(line);
        }
        apply(new ReturnInspected(returnId, orderId, warehouse, inspected, command.inspectedBy(),
                command.inspectedAt()));
    }

    /** Returns SETTLED, or SETTLEMENT_PENDING when the payout needs a second finance user to confirm it. */
    @CommandHandler
    ReturnState handle(SettleReturnCommand command, ReturnPolicies policies) {
        ReturnAction.SETTLE.check(facts(), nameOf(command.settledBy()));
        Objects.requireNonNull(command.method(), "settlement method is required");
        List<CreditedLine> credited = creditedLines();
        ExchangeShipment exchange = command.method() == SettlementMethod.EXCHANGE ? exchangeShipment(command, credited)
                : null;
        PolicyVersion policy = policies.current();
        var amounts = SettlementCalculator.compute(policy.terms(), reason, currency, credited, command.method(),
                exchange);
        Money payout = payout(amounts, exchange);
        if (policy.terms().needsDualControl(payout.amount())) {
            apply(new SettlementProposed(returnId, orderId, customer.id(), warehouse, command.method(), credited,
                    amounts.goodsValue(), amounts.restockingFee(), amounts.feeWaived(), amounts.credit(), exchange,
                    amounts.refunded(), amounts.storeCredit(), amounts.dueFromCustomer(), keepItem, payout,
                    new Money(policy.terms().dualControlThreshold(), currency), command.settledBy(),
                    command.settledAt(), policy.version()));
            return ReturnState.SETTLEMENT_PENDING;
        }
        apply(new ReturnSettled(returnId, orderId, customer.id(), warehouse, command.method(), credited,
                amounts.goodsValue(), amounts.restockingFee(), amounts.feeWaived(), amounts.credit(), exchange,
                amounts.refunded(), amounts.storeCredit(), amounts.dueFromCustomer(), keepItem, command.settledBy(),
                command.settledAt(), policy.version()));
        notifyCustomer(NotificationTopic.SETTLED, command.settledAt(), settlementMessage(command.method(), amounts,
                exchange));
        return ReturnState.SETTLED;
    }

    /** A second finance user releases a proposed settlement: exactly the proposed amounts are settled. */
    @CommandHandler
    void handle(ConfirmSettlementCommand command) {
        ReturnAction.CONFIRM_SETTLEMENT.check(facts(), nameOf(command.confirmedBy()));
        var p = proposal;
        apply(new ReturnSettled(returnId, orderId, p.customerId(), p.warehouse(), p.method(), p.creditedLines(),
                p.goodsValue(), p.restockingFee(), p.feeWaived(), p.credit(), p.exchange(), p.refunded(),
                p.storeCredit(), p.dueFromCustomer(), p.keepItem(), command.confirmedBy(), command.confirmedAt(),
                p.policyVersion()));
        notifyCustomer(NotificationTopic.SETTLED, command.confirmedAt(), settlementMessage(p.method(),
                new SettlementCalculator.Amounts(p.goodsValue(), p.restockingFee(), p.feeWaived(), p.credit(),
                        p.refunded(), p.storeCredit(), p.dueFromCustomer()), p.exchange()));
    }

    /**
     * A second finance user declines a proposed settlement, with a reason: nothing is paid, and the return goes back
     * to the state it was settled from (INSPECTED, or APPROVED when the customer keeps the goods) for finance to
     * settle again. The proposer may not decline their own proposal either: four eyes on both outcomes.
     */
    @CommandHandler
    void handle(DeclineSettlementCommand command) {
        ReturnAction.DECLINE_SETTLEMENT.check(facts(), nameOf(command.declinedBy()));
        String why = requireText(command.reason(), "decline-needs-reason", "declining a settlement needs a reason");
        apply(new SettlementDeclined(returnId, orderId, why, proposal.proposedBy(), command.declinedBy(),
                command.declinedAt(), proposal.keepItem() ? ReturnState.APPROVED : ReturnState.INSPECTED));
    }

    /** What leaves the business: refund plus store credit, or the exchange goods plus any refund. */
    private static Money payout(SettlementCalculator.Amounts amounts, ExchangeShipment exchange) {
        Money paid = amounts.refunded().plus(amounts.storeCredit());
        return exchange == null ? paid : paid.plus(exchange.value());
    }

    private List<CreditedLine> creditedLines() {
        if (keepItem) {
            return authorisedLines.values().stream().map(line -> new CreditedLine(line.lineNo(), line.sku(),
                    line.category(), line.quantity(), line.unitPrice(), line.unitCost())).toList();
        }
        return inspectedLines.stream().filter(line -> !line.credited().isZero()).map(line -> {
            ReturnLine authorised = authorisedLines.get(line.lineNo());
            return new CreditedLine(line.lineNo(), authorised.sku(), authorised.category(), line.credited(),
                    authorised.unitPrice(), authorised.unitCost());
        }).toList();
    }

    private ExchangeShipment exchangeShipment(SettleReturnCommand command, List<CreditedLine> credited) {
        Sku sku = command.exchangeSku();
        if (sku == null) {
            if (credited.size() != 1) {
                throw RuleViolation.invalid("exchange-sku-required", "name the SKU to ship in exchange");
            }
            sku = credited.get(0).sku();
        }
        Sku wanted = sku;
        var sameSku = credited.stream().filter(line -> line.sku().equals(wanted)).findFirst();
        Quantity quantity = command.exchangeQuantity() != null ? command.exchangeQuantity()
                : sameSku.map(CreditedLine::quantity).orElseThrow(() -> RuleViolation.invalid(
                "exchange-quantity-required", "name how many units of " + wanted + " to ship"));
        if (quantity.isZero()) {
            throw RuleViolation.invalid("exchange-quantity-required", "an exchange ships at least one unit");
        }
        Money unitPrice = command.exchangeUnitPrice() != null ? command.exchangeUnitPrice()
                : sameSku.map(CreditedLine::unitPrice).orElseThrow(() -> RuleViolation.invalid(
                "exchange-price-required", "name the unit price of " + wanted + ", which is not on this order"));
        if (!unitPrice.currency().equals(currency) || unitPrice.isNegative()) {
            throw RuleViolation.invalid("exchange-price-invalid", "the exchange price must be a non-negative amount in "
                    + currency);
        }
        return new ExchangeShipment(sku, quantity, unitPrice);
    }

    @CommandHandler
    void handle(GiveFeedbackCommand command) {
        ReturnAction.GIVE_FEEDBACK.check(facts(), nameOf(command.recordedBy()));
        apply(new FeedbackGiven(returnId, command.rating(), command.comment() == null ? "" : command.comment(),
                command.recordedBy(), command.givenAt(), command.channel()));
    }

    private void notifyCustomer(NotificationTopic topic, Instant at, String message) {
        notifyCustomer(topic, at, message, COMMAND_SENDER);
    }

    private void notifyCustomer(NotificationTopic topic, Instant at, String message, MetaData actor) {
        apply(new CustomerNotificationRequested(returnId, returnId.value() + ":" + topic.name().toLowerCase(), topic,
                customer.name(), customer.contact(), returnOrderNumber, message, at), actor);
    }

    private static MetaData actedBy(SystemActor actor) {
        return MetaData.with(MetadataKeys.USER_ID, actor.userId().value())
                .and(MetadataKeys.USER_ROLE, SystemActor.ROLE);
    }

    private String settlementMessage(SettlementMethod method, SettlementCalculator.Amounts amounts,
                                     ExchangeShipment exchange) {
        // goods the customer keeps are never inspected
        return CustomerMessages.settled(method, amounts, exchange, keepItem ? List.of() : inspectedLines);
    }

    private static String nameOf(UserId user) {
        return user == null ? null : user.value();
    }

    /** The return as the table of who may do what ({@link ReturnAction}) reads it. */
    private ReturnFacts facts() {
        return new ReturnFacts(state, keepItem, feedbackGiven, requestedBy.value(),
                proposal == null ? null : proposal.proposedBy().value());
    }

    private static String requireText(String value, String rule, String message) {
        if (value == null || value.isBlank()) {
            throw RuleViolation.invalid(rule, message);
        }
        return value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ReturnLine withQuantity(ReturnLine line, Quantity quantity) {
        return new ReturnLine(line.lineNo(), line.sku(), line.category(), quantity, line.condition(), line.unitPrice(),
                line.unitCost());
    }

    private static Money valueOf(List<ReturnLine> lines, Currency currency) {
        return lines.stream().map(line -> line.unitPrice().times(line.quantity().value()))
                .reduce(Money.zero(currency), Money::plus);
    }

    @EventSourcingHandler
    void on(ReturnRequested event) {
        returnId = event.returnId();
        orderId = event.orderId();
        customer = event.customer();
        warehouse = event.warehouse();
        currency = event.currency();
        shippedAt = event.shippedAt();
        reason = event.reason();
        requestedBy = event.requestedBy();
        requestedAt = event.requestedAt();
        requestedLines = new LinkedHashMap<>();
        event.lines().forEach(line -> requestedLines.put(line.lineNo(), line));
        state = ReturnState.REQUESTED;
    }

    @EventSourcingHandler
    void on(ReturnApproved event) {
        state = ReturnState.APPROVED;
    }

    @EventSourcingHandler
    void on(ReturnOrderIssued event) {
        returnOrderNumber = event.returnOrderNumber();
        keepItem = event.keepItem();
        authorisedLines = new LinkedHashMap<>();
        event.lines().forEach(line -> authorisedLines.put(line.lineNo(), line));
    }

    @EventSourcingHandler
    void on(ReturnRejected event) {
        state = ReturnState.REJECTED;
    }

    @EventSourcingHandler
    void on(ReturnCancelled event) {
        state = ReturnState.CANCELLED;
    }

    @EventSourcingHandler
    void on(ReturnExpired event) {
        state = ReturnState.EXPIRED;
    }

    @EventSourcingHandler
    void on(ReturnReceived event) {
        state = ReturnState.RECEIVED;
        receivedLines = new LinkedHashMap<>();
        event.lines().forEach(line -> receivedLines.put(line.lineNo(), line));
    }

    @EventSourcingHandler
    void on(ReturnInspected event) {
        state = ReturnState.INSPECTED;
        inspectedLines = event.lines();
    }

    @EventSourcingHandler
    void on(SettlementProposed event) {
        state = ReturnState.SETTLEMENT_PENDING;
        proposal = event;
    }

    @EventSourcingHandler
    void on(SettlementDeclined event) {
        state = event.returnedTo();
        proposal = null;
    }

    @EventSourcingHandler
    void on(ReturnSettled event) {
        state = ReturnState.SETTLED;
        proposal = null;
    }

    @EventSourcingHandler
    void on(CustomerNotificationRequested event) {
        notificationsRequested.add(event.notificationId());
    }

    @EventSourcingHandler
    void on(CustomerNotificationDelivered event) {
        notificationsDelivered.add(event.notificationId());
    }

    @EventSourcingHandler
    void on(FeedbackGiven event) {
        feedbackGiven = true;
    }
}
