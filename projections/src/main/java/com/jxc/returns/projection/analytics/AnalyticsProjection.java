package com.jxc.returns.projection.analytics;

import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.analytics.AnalyticsRepository.ShippedUnits;
import com.jxc.returns.projection.support.AppliedToken;
import com.jxc.returns.projection.support.EventPositions;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Keeps the facts return analytics are computed from: one fact per return (idempotent by the return's sequence
 * number) and units shipped per SKU and business day (fed by many orders, idempotent by stream position).
 */
@Component
@ProcessingGroup(ReadModels.ANALYTICS)
class AnalyticsProjection {

    private final AnalyticsRepository repository;
    private final EventPositions positions;

    AnalyticsProjection(AnalyticsRepository repository, EventPositions positions) {
        this.repository = repository;
        this.positions = positions;
    }

    @EventHandler
    void on(ReturnRequested event, @SequenceNumber long sequence) {
        if (repository.factInBatch(event.returnId().value()).isPresent()) {
            return;
        }
        var fact = new ReturnFact.Builder();
        fact.returnId = event.returnId().value();
        fact.version = sequence;
        fact.currency = event.currency().getCurrencyCode();
        fact.reason = event.reason().name();
        fact.channel = event.channel().name();
        fact.customerId = event.customer().id().value();
        fact.requestedAt = event.requestedAt();
        fact.lines = event.lines().stream().map(line -> new ReturnFact.Line(line.lineNo(), line.sku().value(),
                line.category(), line.unitPrice().amount(), line.quantity().value(), 0, 0)).toList();
        repository.saveInBatch(fact.build());
    }

    @EventHandler
    void on(ReturnApproved event, @SequenceNumber long sequence) {
        Map<Integer, Integer> approved = event.lines().stream()
                .collect(Collectors.toMap(LineQuantity::lineNo, line -> line.quantity().value(), Integer::sum));
        update(event.returnId().value(), sequence, fact -> {
            fact.approvedAt = event.approvedAt();
            fact.autoApproved = event.automatic();
            fact.lines = fact.lines.stream()
                    .map(line -> line.withApproved(approved.getOrDefault(line.lineNo(), 0))).toList();
        });
    }

    @EventHandler
    void on(ReturnOrderIssued event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.keepItem = event.keepItem());
    }

    @EventHandler
    void on(ReturnRejected event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.rejectedAt = event.rejectedAt());
    }

    @EventHandler
    void on(ReturnCancelled event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.cancelledAt = event.cancelledAt());
    }

    @EventHandler
    void on(ReturnExpired event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.expiredAt = event.expiredAt());
    }

    @EventHandler
    void on(ReturnReceived event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.receivedAt = event.receivedAt());
    }

    @EventHandler
    void on(ReturnInspected event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.inspectedAt = event.inspectedAt());
    }

    @EventHandler
    void on(ReturnSettled event, @SequenceNumber long sequence) {
        Map<Integer, Integer> credited = event.creditedLines().stream()
                .collect(Collectors.toMap(CreditedLine::lineNo, line -> line.quantity().value(), Integer::sum));
        update(event.returnId().value(), sequence, fact -> {
            fact.settledAt = event.settledAt();
            fact.lines = fact.lines.stream()
                    .map(line -> line.withCredited(credited.getOrDefault(line.lineNo(), 0))).toList();
        });
    }

    @EventHandler
    void on(FeedbackGiven event, @SequenceNumber long sequence) {
        update(event.returnId().value(), sequence, fact -> fact.feedbackRating = event.rating());
    }

    @EventHandler
    void on(SalesOrderRecorded event, TrackingToken token, @MessageIdentifier String eventId) {
        LocalDate day = BusinessCalendar.day(event.shippedAt());
        Map<String, Long> unitsBySku = event.lines().stream().collect(Collectors.groupingBy(
                line -> line.sku().value(), TreeMap::new, Collectors.summingLong(line -> line.quantity().value())));
        unitsBySku.forEach((sku, units) -> {
            String id = ShippedUnits.idOf(sku, day);
            ShippedUnits current = repository.shippedUnitsInBatch(id).orElse(null);
            if (current != null && current.applied().covers(token, () -> positions.globalIndexOf(eventId))) {
                return;
            }
            long before = current == null ? 0 : current.units();
            repository.saveInBatch(new ShippedUnits(id, sku, day.toString(), before + units,
                    current == null ? AppliedToken.of(token) : current.applied().after(token)));
        });
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }

    private void update(String returnId, long sequence, Consumer<ReturnFact.Builder> change) {
        repository.factInBatch(returnId).filter(fact -> fact.version() < sequence).ifPresent(fact -> {
            var builder = fact.toBuilder();
            change.accept(builder);
            builder.version = sequence;
            repository.saveInBatch(builder.build());
        });
    }
}
