package com.jxc.returns.api.query;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.api.returnrequest.ReturnFacts;
import com.jxc.returns.api.returnrequest.ReturnState;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A return as the worklist and the detail screen show it: every stage's decision, the quantities of each line at
 * each stage, the money and the return order. {@code version} is the sequence number of the last event applied;
 * {@code waitingFor} the role that must act next (null when nobody must). {@code settlementDecline} is the last
 * proposed settlement a second finance user declined (who, when, why); the proposal itself is then withdrawn.
 */
public record ReturnView(String returnId, long version, String state, String waitingFor, Request request,
                         List<Line> lines, Approval approval, Decision rejection, ReturnOrder returnOrder,
                         Decision cancellation, Instant expiredAt, Decision receipt, Decision inspection,
                         Settlement settlement, Feedback feedback, Instant updatedAt,
                         SettlementProposal settlementProposal, Decision settlementDecline) {

    public ReturnView {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** The actions {@code userId}, holding {@code roles}, may take on this return now ({@link ReturnAction}). */
    public Set<ReturnAction> allowedActions(String userId, Collection<Role> roles) {
        var proposal = ReturnState.SETTLEMENT_PENDING.name().equals(state) ? settlementProposal : null;
        return ReturnAction.allowed(new ReturnFacts(ReturnState.valueOf(state),
                returnOrder != null && returnOrder.keepItem(), feedback != null,
                request == null ? null : request.requestedBy(), proposal == null ? null : proposal.proposedBy()),
                userId, roles);
    }

    public record Request(String orderId, String customerId, String customerName, String customerContact,
                          String warehouse, String currency, String reason, String reasonText, String channel,
                          String wantedResolution, String requestedBy, Instant requestedAt, Instant shippedAt,
                          int policyVersion, boolean withinWindow, LocalDate lastDayOfWindow, BigDecimal requestValue,
                          boolean autoApproved, List<String> reviewReasons) {
    }

    public record Line(int lineNo, String sku, String category, String condition, BigDecimal unitPrice,
                       int requested, int approved, int received, String receivedSku, String discrepancy,
                       String receiptNote, int restocked, int scrapped, int repair, int returnedToVendor, int refused,
                       int credited) {
    }

    public record Approval(boolean automatic, String approvedBy, Instant approvedAt, int policyVersion,
                           String windowOverrideReason, String comment) {
    }

    /** Who decided, when, and why (for rejection and cancellation). */
    public record Decision(String by, Instant at, String reason, Integer policyVersion) {
    }

    public record ReturnOrder(String number, String instructions, Instant receiptDeadline, boolean keepItem,
                              Instant issuedAt) {
    }

    public record Settlement(String method, BigDecimal goodsValue, BigDecimal restockingFee, boolean feeWaived,
                             BigDecimal credit, BigDecimal refunded, BigDecimal storeCredit,
                             BigDecimal dueFromCustomer, String exchangeSku, Integer exchangeQuantity,
                             BigDecimal exchangeUnitPrice, String settledBy, Instant settledAt, int policyVersion) {
    }

    /**
     * A settlement above the dual-control threshold, proposed by one finance user and waiting for a different one to
     * confirm it ({@code POST /api/returns/{id}/settle/confirm}); it stays on the view after the confirmation.
     */
    public record SettlementProposal(String method, BigDecimal goodsValue, BigDecimal restockingFee, BigDecimal credit,
                                     BigDecimal refunded, BigDecimal storeCredit, BigDecimal dueFromCustomer,
                                     BigDecimal payout, BigDecimal dualControlThreshold, String proposedBy,
                                     Instant proposedAt, int policyVersion) {
    }

    /** {@code channel}: where the feedback was taken; NOT_RECORDED for feedback stored before it was asked. */
    public record Feedback(int rating, String comment, String recordedBy, Instant givenAt, String channel) {
    }

    /** The same view with one part changed; the projection applies each event through it. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static final class Builder {
        public String returnId;
        public long version;
        public String state;
        public String waitingFor;
        public Request request;
        public List<Line> lines;
        public Approval approval;
        public Decision rejection;
        public ReturnOrder returnOrder;
        public Decision cancellation;
        public Instant expiredAt;
        public Decision receipt;
        public Decision inspection;
        public Settlement settlement;
        public Feedback feedback;
        public Instant updatedAt;
        public SettlementProposal settlementProposal;
        public Decision settlementDecline;

        public Builder() {
        }

        Builder(ReturnView view) {
            returnId = view.returnId;
            version = view.version;
            state = view.state;
            waitingFor = view.waitingFor;
            request = view.request;
            lines = view.lines;
            approval = view.approval;
            rejection = view.rejection;
            returnOrder = view.returnOrder;
            cancellation = view.cancellation;
            expiredAt = view.expiredAt;
            receipt = view.receipt;
            inspection = view.inspection;
            settlement = view.settlement;
            feedback = view.feedback;
            updatedAt = view.updatedAt;
            settlementProposal = view.settlementProposal;
            settlementDecline = view.settlementDecline;
        }

        public ReturnView build() {
            return new ReturnView(returnId, version, state, waitingFor, request, lines, approval, rejection,
                    returnOrder, cancellation, expiredAt, receipt, inspection, settlement, feedback, updatedAt,
                    settlementProposal, settlementDecline);
        }
    }
}
