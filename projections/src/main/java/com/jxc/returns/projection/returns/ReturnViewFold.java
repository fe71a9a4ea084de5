package com.jxc.returns.projection.returns;

import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.SettlementDeclined;
import com.jxc.returns.api.returnrequest.SettlementProposed;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.salesorder.LineQuantity;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How one return's events fold into its {@link ReturnView}: a pure function, shared by the live projection and by
 * the as-of query that rebuilds a return as it stood at a past instant. An event at or below the view's version
 * (delivered again) and an event before the request leave the view as it is.
 */
public final class ReturnViewFold {

    private ReturnViewFold() {
    }

    /** The view after {@code event} (aggregate sequence number {@code sequence}); {@code current} null = none yet. */
    public static ReturnView apply(ReturnView current, ReturnRequestEvent event, long sequence) {
        if (event instanceof ReturnRequested e) {
            return on(current, e, sequence);
        }
        if (current == null || current.version() >= sequence) {
            return current;
        }
        if (event instanceof ReturnApproved e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnOrderIssued e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnRejected e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnCancelled e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnExpired e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnReceived e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnInspected e) {
            return on(current, e, sequence);
        } else if (event instanceof ReturnSettled e) {
            return on(current, e, sequence);
        } else if (event instanceof FeedbackGiven e) {
            return on(current, e, sequence);
        } else if (event instanceof SettlementProposed e) {
            return on(current, e, sequence);
        } else if (event instanceof SettlementDeclined e) {
            return on(current, e, sequence);
        } else if (event instanceof CustomerNotificationRequested || event instanceof CustomerNotificationDelivered) {
            // the outbox tells the customer; the view only counts it, so that its version (the ETag) is the
            // return's aggregate version and an If-Match built from it matches
            var builder = current.toBuilder();
            builder.version = sequence;
            return builder.build();
        }
        throw new IllegalArgumentException("unknown return event " + event.getClass().getName());
    }

    private static ReturnView on(ReturnView current, ReturnRequested event, long sequence) {
        if (current != null) {
            return current;
        }
        var assessment = event.assessment();
        var request = new ReturnView.Request(event.orderId().value(), event.customer().id().value(),
                event.customer().name(), event.customer().contact(), event.warehouse().value(),
                event.currency().getCurrencyCode(), event.reason().name(), event.reasonText(), event.channel().name(),
                event.wantedResolution().name(), event.requestedBy().value(), event.requestedAt(), event.shippedAt(),
                assessment.policyVersion(), assessment.withinWindow(), assessment.lastDayOfWindow(),
                assessment.requestValue().amount(), assessment.autoApproved(), assessment.reviewReasons());
        var lines = event.lines().stream()
                .map(line -> new ReturnView.Line(line.lineNo(), line.sku().value(), line.category(),
                        line.condition().name(), line.unitPrice().amount(), line.quantity().value(), 0, 0, null,
                        null, null, 0, 0, 0, 0, 0, 0))
                .toList();
        var view = new ReturnView.Builder();
        view.returnId = event.returnId().value();
        view.version = sequence;
        view.state = ReturnState.REQUESTED.name();
        view.waitingFor = "REVIEWER";
        view.request = request;
        view.lines = lines;
        view.updatedAt = event.requestedAt();
        return view.build();
    }

    private static ReturnView on(ReturnView current, ReturnApproved event, long sequence) {
        Map<Integer, Integer> approved = event.lines().stream()
                .collect(Collectors.toMap(LineQuantity::lineNo, line -> line.quantity().value()));
        return update(current, sequence, event.approvedAt(), view -> {
            view.state = ReturnState.APPROVED.name();
            view.approval = new ReturnView.Approval(event.automatic(), event.approvedBy().value(), event.approvedAt(),
                    event.policyVersion(), event.windowOverrideReason(), event.comment());
            view.lines = view.lines.stream().map(line -> copy(line, approved.getOrDefault(line.lineNo(), 0),
                    line.received(), line.receivedSku(), line.discrepancy(), line.receiptNote(), null)).toList();
        });
    }

    private static ReturnView on(ReturnView current, ReturnOrderIssued event, long sequence) {
        return update(current, sequence, event.issuedAt(), view -> {
            view.returnOrder = new ReturnView.ReturnOrder(event.returnOrderNumber(), event.instructions(),
                    event.receiptDeadline(), event.keepItem(), event.issuedAt());
            view.waitingFor = event.keepItem() ? "FINANCE" : "WAREHOUSE";
        });
    }

    private static ReturnView on(ReturnView current, ReturnRejected event, long sequence) {
        return update(current, sequence, event.rejectedAt(), view -> {
            view.state = ReturnState.REJECTED.name();
            view.waitingFor = null;
            view.rejection = new ReturnView.Decision(event.rejectedBy().value(), event.rejectedAt(), event.reason(),
                    event.policyVersion());
        });
    }

    private static ReturnView on(ReturnView current, ReturnCancelled event, long sequence) {
        return update(current, sequence, event.cancelledAt(), view -> {
            view.state = ReturnState.CANCELLED.name();
            view.waitingFor = null;
            view.cancellation = new ReturnView.Decision(event.cancelledBy().value(), event.cancelledAt(),
                    event.reason(), null);
        });
    }

    private static ReturnView on(ReturnView current, ReturnExpired event, long sequence) {
        return update(current, sequence, event.expiredAt(), view -> {
            view.state = ReturnState.EXPIRED.name();
            view.waitingFor = null;
            view.expiredAt = event.expiredAt();
        });
    }

    private static ReturnView on(ReturnView current, ReturnReceived event, long sequence) {
        Map<Integer, ReceivedLine> received = event.lines().stream()
                .collect(Collectors.toMap(ReceivedLine::lineNo, Function.identity()));
        return update(current, sequence, event.receivedAt(), view -> {
            view.state = ReturnState.RECEIVED.name();
            view.waitingFor = "WAREHOUSE";
            view.receipt = new ReturnView.Decision(event.receivedBy().value(), event.receivedAt(), null, null);
            view.lines = view.lines.stream().map(line -> {
                ReceivedLine arrived = received.get(line.lineNo());
                return arrived == null ? line : copy(line, line.approved(), arrived.received().value(),
                        arrived.receivedSku().value(), arrived.discrepancy().name(), arrived.note(), null);
            }).toList();
        });
    }

    private static ReturnView on(ReturnView current, ReturnInspected event, long sequence) {
        Map<Integer, InspectedLine> inspected = event.lines().stream()
                .collect(Collectors.toMap(InspectedLine::lineNo, Function.identity()));
        return update(current, sequence, event.inspectedAt(), view -> {
            view.state = ReturnState.INSPECTED.name();
            view.waitingFor = "FINANCE";
            view.inspection = new ReturnView.Decision(event.inspectedBy().value(), event.inspectedAt(), null, null);
            view.lines = view.lines.stream().map(line -> copy(line, line.approved(), line.received(),
                    line.receivedSku(), line.discrepancy(), line.receiptNote(), inspected.get(line.lineNo()))).toList();
        });
    }

    private static ReturnView on(ReturnView current, ReturnSettled event, long sequence) {
        Map<Integer, Integer> credited = event.creditedLines().stream()
                .collect(Collectors.toMap(line -> line.lineNo(), line -> line.quantity().value()));
        var exchange = event.exchange();
        return update(current, sequence, event.settledAt(), view -> {
            view.state = ReturnState.SETTLED.name();
            view.waitingFor = null;
            view.settlement = new ReturnView.Settlement(event.method().name(), event.goodsValue().amount(),
                    event.restockingFee().amount(), event.feeWaived(), event.credit().amount(),
                    event.refunded().amount(), event.storeCredit().amount(), event.dueFromCustomer().amount(),
                    exchange == null ? null : exchange.sku().value(),
                    exchange == null ? null : exchange.quantity().value(),
                    exchange == null ? null : exchange.unitPrice().amount(), event.settledBy().value(),
                    event.settledAt(), event.policyVersion());
            view.lines = view.lines.stream().map(line -> withCredited(line, credited.getOrDefault(line.lineNo(), 0)))
                    .toList();
        });
    }

    private static ReturnView on(ReturnView current, SettlementProposed event, long sequence) {
        return update(current, sequence, event.proposedAt(), view -> {
            view.state = ReturnState.SETTLEMENT_PENDING.name();
            // a second finance user must confirm: still finance's turn
            view.waitingFor = "FINANCE";
            view.settlementProposal = new ReturnView.SettlementProposal(event.method().name(),
                    event.goodsValue().amount(), event.restockingFee().amount(), event.credit().amount(),
                    event.refunded().amount(), event.storeCredit().amount(), event.dueFromCustomer().amount(),
                    event.payout().amount(), event.dualControlThreshold().amount(), event.proposedBy().value(),
                    event.proposedAt(), event.policyVersion());
        });
    }

    private static ReturnView on(ReturnView current, SettlementDeclined event, long sequence) {
        return update(current, sequence, event.declinedAt(), view -> {
            view.state = event.returnedTo().name();
            // back on finance's worklist, to be settled again
            view.waitingFor = "FINANCE";
            view.settlementProposal = null;
            view.settlementDecline = new ReturnView.Decision(event.declinedBy().value(), event.declinedAt(),
                    event.reason(), null);
        });
    }

    private static ReturnView on(ReturnView current, FeedbackGiven event, long sequence) {
        return update(current, sequence, event.givenAt(), view -> view.feedback =
                new ReturnView.Feedback(event.rating(), event.comment(), event.recordedBy().value(), event.givenAt(),
                        event.channel() == null ? null : event.channel().name()));
    }

    private static ReturnView update(ReturnView current, long sequence, Instant at,
                                     Consumer<ReturnView.Builder> change) {
        var builder = current.toBuilder();
        change.accept(builder);
        builder.version = sequence;
        builder.updatedAt = at;
        return builder.build();
    }

    private static ReturnView.Line copy(ReturnView.Line line, int approved, int received, String receivedSku,
                                        String discrepancy, String note, InspectedLine inspected) {
        return new ReturnView.Line(line.lineNo(), line.sku(), line.category(), line.condition(), line.unitPrice(),
                line.requested(), approved, received, receivedSku, discrepancy, note,
                inspected == null ? line.restocked() : inspected.restocked().value(),
                inspected == null ? line.scrapped() : inspected.scrapped().value(),
                inspected == null ? line.repair() : inspected.repair().value(),
                inspected == null ? line.returnedToVendor() : inspected.returnedToVendor().value(),
                inspected == null ? line.refused() : inspected.refused().value(),
                inspected == null ? line.credited() : inspected.credited().value());
    }

    private static ReturnView.Line withCredited(ReturnView.Line line, int credited) {
        return new ReturnView.Line(line.lineNo(), line.sku(), line.category(), line.condition(), line.unitPrice(),
                line.requested(), line.approved(), line.received(), line.receivedSku(), line.discrepancy(),
                line.receiptNote(), line.restocked(), line.scrapped(), line.repair(), line.returnedToVendor(),
                line.refused(), credited);
    }
}
