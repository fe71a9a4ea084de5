package com.jxc.returns.projection.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What analytics need to know about one return, kept small because queries read every fact of a period: who, why,
 * where from, which lines, what was decided and when each stage ended. {@code version} is the sequence number of the
 * last event of the return applied to it.
 */
public record ReturnFact(String returnId, long version, String currency, String reason, String channel,
                         String customerId, Instant requestedAt, List<Line> lines, boolean autoApproved,
                         Instant approvedAt, Instant rejectedAt, Instant cancelledAt, Instant expiredAt,
                         boolean keepItem, Instant receivedAt, Instant inspectedAt, Instant settledAt,
                         Integer feedbackRating) {

    public ReturnFact {
        lines = List.copyOf(lines);
    }

    /** One line: units requested, approved and finally credited, at the order's unit price. */
    public record Line(int lineNo, String sku, String category, BigDecimal unitPrice, int requested, int approved,
                       int credited) {

        public BigDecimal valueOf(int units) {
            return unitPrice.multiply(BigDecimal.valueOf(units));
        }

        Line withApproved(int units) {
            return new Line(lineNo, sku, category, unitPrice, requested, units, credited);
        }

        Line withCredited(int units) {
            return new Line(lineNo, sku, category, unitPrice, requested, approved, units);
        }
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** The one place where a fact changes: a copy with some fields replaced. */
    static final class Builder {
        String returnId;
        long version;
        String currency;
        String reason;
        String channel;
        String customerId;
        Instant requestedAt;
        List<Line> lines;
        boolean autoApproved;
        Instant approvedAt;
        Instant rejectedAt;
        Instant cancelledAt;
        Instant expiredAt;
        boolean keepItem;
        Instant receivedAt;
        Instant inspectedAt;
        Instant settledAt;
        Integer feedbackRating;

        Builder() {
        }

        private Builder(ReturnFact fact) {
            returnId = fact.returnId;
            version = fact.version;
            currency = fact.currency;
            reason = fact.reason;
            channel = fact.channel;
            customerId = fact.customerId;
            requestedAt = fact.requestedAt;
            lines = fact.lines;
            autoApproved = fact.autoApproved;
            approvedAt = fact.approvedAt;
            rejectedAt = fact.rejectedAt;
            cancelledAt = fact.cancelledAt;
            expiredAt = fact.expiredAt;
            keepItem = fact.keepItem;
            receivedAt = fact.receivedAt;
            inspectedAt = fact.inspectedAt;
            settledAt = fact.settledAt;
            feedbackRating = fact.feedbackRating;
        }

        ReturnFact build() {
            return new ReturnFact(returnId, version, currency, reason, channel, customerId, requestedAt, lines,
                    autoApproved, approvedAt, rejectedAt, cancelledAt, expiredAt, keepItem, receivedAt, inspectedAt,
                    settledAt, feedbackRating);
        }
    }
}
