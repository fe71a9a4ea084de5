package com.jxc.returns.projection.stock;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.purchasing.GoodsReceived;
import com.jxc.returns.api.purchasing.PurchaseReceiptId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import com.jxc.returns.api.query.StockLevelView;
import com.jxc.returns.api.returnrequest.Discrepancy;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The stock projection as a plain object on an in-memory read store, events handed in by hand. */
class StockLevelProjectionTest {

    private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");
    private static final WarehouseId WAREHOUSE = new WarehouseId("WH-1");
    private static final ReturnRequestId RETURN = new ReturnRequestId("R-1");
    private static final SalesOrderId ORDER = new SalesOrderId("SO-1");
    private static final UserId USER = new UserId("tester");
    /** The events of these tests, named by their id, at these stream positions. */
    private static final Map<String, Long> POSITIONS = Map.of(
            "receipt", 1L, "order", 2L, "received", 3L, "inspected", 4L, "settled", 5L, "late", 6L, "after", 7L);

    private MongoServer server;
    private MongoClient client;
    private StockLevelRepository levels;
    private StockLevelProjection projection;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        levels = new StockLevelRepository(client.getDatabase("stock-test"));
        projection = new StockLevelProjection(levels, POSITIONS::get);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void followsUnitsFromReceiptThroughShipmentReturnInspectionAndExchange() {
        projection.on(receipt(Map.of("SKU-A", 10, "SKU-B", 4)), token(1), "receipt");
        projection.on(order("SKU-A", 3), token(2), "order");
        projection.on(received("SKU-A", 3), token(3), "received");
        projection.on(inspected(new InspectedLine(1, new Sku("SKU-A"), Quantity.of(1), Quantity.of(1),
                Quantity.ZERO, Quantity.ZERO, Quantity.of(1))), token(4), "inspected");
        projection.on(settled(new ExchangeShipment(new Sku("SKU-B"), Quantity.of(1), Money.of("5.00", Money.CNY))),
                token(5), "settled");

        assertThat(levels.levels(null, "WH-1")).containsExactly(
                new StockLevelView("SKU-A", "WH-1", 10 - 3 + 1, 3 - 3, 1, 0, 0),
                new StockLevelView("SKU-B", "WH-1", 4 - 1, 0, 0, 0, 0));
    }

    @Test
    void linesOfOneSkuInOneEventAddUp() {
        projection.on(new GoodsReceived(new PurchaseReceiptId("PR-1"), "supplier", WAREHOUSE, AT, List.of(
                new ReceiptLine(new Sku("SKU-A"), Quantity.of(2), Money.of("1.00", Money.CNY)),
                new ReceiptLine(new Sku("SKU-A"), Quantity.of(5), Money.of("1.00", Money.CNY)))), token(1), "receipt");

        assertThat(levels.levels("SKU-A", "WH-1")).containsExactly(new StockLevelView("SKU-A", "WH-1", 7, 0, 0, 0, 0));
    }

    @Test
    void inspectionSendsUnitsToRepairAndBackToTheVendor() {
        projection.on(received("SKU-A", 4), token(3), "received");
        projection.on(inspected(new InspectedLine(1, new Sku("SKU-A"), Quantity.ZERO, Quantity.ZERO,
                Quantity.of(3), Quantity.of(1), Quantity.ZERO)), token(4), "inspected");

        assertThat(levels.levels("SKU-A", "WH-1")).containsExactly(new StockLevelView("SKU-A", "WH-1", 0, 0, 0, 3, 1));
    }

    @Test
    void aSettlementWithoutExchangeLeavesStockAlone() {
        projection.on(receipt(Map.of("SKU-A", 2)), token(1), "receipt");
        projection.on(settled(null), token(5), "settled");

        assertThat(levels.levels(null, null)).containsExactly(new StockLevelView("SKU-A", "WH-1", 2, 0, 0, 0, 0));
    }

    @Test
    void eventsDeliveredAgainChangeNothing() {
        projection.on(receipt(Map.of("SKU-A", 10)), token(1), "receipt");
        projection.on(order("SKU-A", 3), token(2), "order");
        projection.on(receipt(Map.of("SKU-A", 10)), token(1), "receipt");
        projection.on(order("SKU-A", 3), token(2), "order");

        assertThat(levels.levels("SKU-A", "WH-1")).containsExactly(new StockLevelView("SKU-A", "WH-1", 7, 0, 0, 0, 0));
    }

    @Test
    void anEventThatFillsAGapIsAppliedOnceAndItsNeighbourNotAgain() {
        // the event at 7 is applied while 6 is still uncommitted; 6 then arrives late and is new, not a repeat
        projection.on(order("SKU-A", 1), token(7, 6L), "after");
        projection.on(order("SKU-A", 2), token(6), "late");
        projection.on(order("SKU-A", 1), token(7), "after");

        assertThat(levels.levels("SKU-A", "WH-1")).containsExactly(new StockLevelView("SKU-A", "WH-1", -3, 0, 0, 0, 0));
    }

    @Test
    void resetStartsFromNothing() {
        projection.on(receipt(Map.of("SKU-A", 10)), token(1), "receipt");

        projection.reset();

        assertThat(levels.levels(null, null)).isEmpty();
    }

    private static GoodsReceived receipt(Map<String, Integer> unitsBySku) {
        return new GoodsReceived(new PurchaseReceiptId("PR-1"), "supplier", WAREHOUSE, AT,
                unitsBySku.entrySet().stream().map(entry -> new ReceiptLine(new Sku(entry.getKey()),
                        Quantity.of(entry.getValue()), Money.of("1.00", Money.CNY))).toList());
    }

    private static SalesOrderRecorded order(String sku, int units) {
        return new SalesOrderRecorded(ORDER, new Customer(new CustomerId("C-1"), "张三", "z@example.com"), WAREHOUSE,
                AT, Money.CNY, List.of(new SalesOrderLine(1, new Sku(sku), "kitchen", Quantity.of(units),
                Money.of("1.00", Money.CNY), null, List.of())));
    }

    private static ReturnReceived received(String sku, int units) {
        return new ReturnReceived(RETURN, WAREHOUSE, List.of(new ReceivedLine(1, new Sku(sku), new Sku(sku),
                Quantity.of(units), Quantity.of(units), Discrepancy.NONE, null)), USER, AT);
    }

    private static ReturnInspected inspected(InspectedLine line) {
        return new ReturnInspected(RETURN, ORDER, WAREHOUSE, List.of(line), USER, AT);
    }

    private static ReturnSettled settled(ExchangeShipment exchange) {
        Money zero = Money.zero(Money.CNY);
        return new ReturnSettled(RETURN, ORDER, new CustomerId("C-1"), WAREHOUSE, SettlementMethod.EXCHANGE, List.of(),
                zero, zero, false, zero, exchange, zero, zero, zero, false, USER, AT, 1);
    }

    private static TrackingToken token(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, Set.of(gaps));
    }
}
