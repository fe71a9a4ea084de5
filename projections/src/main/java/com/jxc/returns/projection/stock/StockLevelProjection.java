package com.jxc.returns.projection.stock;

import com.jxc.returns.api.purchasing.GoodsReceived;
import com.jxc.returns.api.query.StockLevelView;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.support.AppliedToken;
import com.jxc.returns.projection.support.EventPositions;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stock per SKU and warehouse: purchase receipts add sellable units, shipments remove them, returned goods wait in
 * inspection until they are restocked, scrapped, sent to repair or back to the vendor, or refused and sent back to
 * the customer; exchange shipments take replacements out. Documents are fed by many aggregates, so each remembers
 * the stream position of its last change and skips what that position covers.
 */
@Component
@ProcessingGroup(ReadModels.STOCK_LEVELS)
class StockLevelProjection {

    private final StockLevelRepository levels;
    private final EventPositions positions;

    StockLevelProjection(StockLevelRepository levels, EventPositions positions) {
        this.levels = levels;
        this.positions = positions;
    }

    @EventHandler
    void on(GoodsReceived event, TrackingToken token, @MessageIdentifier String eventId) {
        var movements = new Movements(event.warehouse().value());
        event.lines().forEach(line -> movements.add(line.sku().value(), line.quantity().value(), 0, 0, 0, 0));
        apply(movements, token, eventId);
    }

    @EventHandler
    void on(SalesOrderRecorded event, TrackingToken token, @MessageIdentifier String eventId) {
        var movements = new Movements(event.warehouse().value());
        event.lines().forEach(line -> movements.add(line.sku().value(), -line.quantity().value(), 0, 0, 0, 0));
        apply(movements, token, eventId);
    }

    @EventHandler
    void on(ReturnReceived event, TrackingToken token, @MessageIdentifier String eventId) {
        var movements = new Movements(event.warehouse().value());
        event.lines().forEach(line -> movements.add(line.receivedSku().value(), 0, line.received().value(), 0, 0, 0));
        apply(movements, token, eventId);
    }

    @EventHandler
    void on(ReturnInspected event, TrackingToken token, @MessageIdentifier String eventId) {
        var movements = new Movements(event.warehouse().value());
        event.lines().forEach(line -> movements.add(line.sku().value(), line.restocked().value(),
                -line.total().value(), line.scrapped().value(), line.repair().value(),
                line.returnedToVendor().value()));
        apply(movements, token, eventId);
    }

    @EventHandler
    void on(ReturnSettled event, TrackingToken token, @MessageIdentifier String eventId) {
        if (event.exchange() != null) {
            var movements = new Movements(event.warehouse().value());
            movements.add(event.exchange().sku().value(), -event.exchange().quantity().value(), 0, 0, 0, 0);
            apply(movements, token, eventId);
        }
    }

    @ResetHandler
    void reset() {
        levels.deleteAll();
    }

    /** One write per document and event: lines of the same SKU are summed first. */
    private void apply(Movements movements, TrackingToken token, String eventId) {
        movements.bySku.forEach((sku, movement) -> {
            if (movement.isZero()) {
                return;
            }
            var stored = levels.stored(movements.warehouse, sku);
            if (stored.isPresent()
                    && stored.get().token().covers(token, () -> positions.globalIndexOf(eventId))) {
                return;
            }
            StockLevelView before = stored.map(StockLevelRepository.Stored::level)
                    .orElse(new StockLevelView(sku, movements.warehouse, 0, 0, 0, 0, 0));
            levels.save(new StockLevelView(sku, movements.warehouse, before.available() + movement.available(),
                    before.inInspection() + movement.inInspection(), before.scrap() + movement.scrap(),
                    before.repair() + movement.repair(), before.returnToVendor() + movement.returnToVendor()),
                    stored.map(level -> level.token().after(token))
                            .orElseGet(() -> AppliedToken.of(token)));
        });
    }

    private static final class Movements {
        private final String warehouse;
        private final Map<String, Movement> bySku = new LinkedHashMap<>();

        Movements(String warehouse) {
            this.warehouse = warehouse;
        }

        void add(String sku, long available, long inInspection, long scrap, long repair, long returnToVendor) {
            bySku.merge(sku, new Movement(available, inInspection, scrap, repair, returnToVendor), Movement::plus);
        }
    }

    private record Movement(long available, long inInspection, long scrap, long repair, long returnToVendor) {
        Movement plus(Movement other) {
            return new Movement(available + other.available, inInspection + other.inInspection, scrap + other.scrap,
                    repair + other.repair, returnToVendor + other.returnToVendor);
        }

        boolean isZero() {
            return available == 0 && inInspection == 0 && scrap == 0 && repair == 0 && returnToVendor == 0;
        }
    }
}
