package com.jxc.returns.command.purchasing;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.purchasing.GoodsReceived;
import com.jxc.returns.api.purchasing.PurchaseReceiptId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import com.jxc.returns.api.purchasing.RecordPurchaseReceiptCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static com.jxc.returns.command.Violations.invalid;

class PurchaseReceiptTest {

    private static final PurchaseReceiptId RECEIPT = new PurchaseReceiptId("PR-1");
    private static final WarehouseId WAREHOUSE = new WarehouseId("WH-SH");
    private static final Instant RECEIVED_AT = Instant.parse("2026-01-10T03:00:00Z");
    private static final List<ReceiptLine> LINES = List.of(
            new ReceiptLine(new Sku("SKU-KETTLE"), Quantity.of(50), Money.of("120.00", Money.CNY)),
            new ReceiptLine(new Sku("SKU-MUG"), Quantity.of(200), null));

    private AggregateTestFixture<PurchaseReceipt> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PurchaseReceipt.class);
    }

    @Test
    void canRecordGoodsReceivedFromASupplier() {
        fixture.givenNoPriorActivity()
                .when(new RecordPurchaseReceiptCommand(RECEIPT, "  Midea Supply Co.  ", WAREHOUSE, RECEIVED_AT, LINES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new GoodsReceived(RECEIPT, "Midea Supply Co.", WAREHOUSE, RECEIVED_AT, LINES));
    }

    @Test
    void cannotRecordAReceiptWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(new RecordPurchaseReceiptCommand(RECEIPT, "Midea", WAREHOUSE, RECEIVED_AT, List.of()))
                .expectException(invalid("receipt-without-lines"))
                .expectNoEvents();
    }

    @Test
    void cannotRecordAReceiptWithoutSupplier() {
        fixture.givenNoPriorActivity()
                .when(new RecordPurchaseReceiptCommand(RECEIPT, "   ", WAREHOUSE, RECEIVED_AT, LINES))
                .expectException(invalid("supplier-required"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RecordPurchaseReceiptCommand(RECEIPT, null, WAREHOUSE, RECEIVED_AT, LINES))
                .expectException(invalid("supplier-required"));
    }

    @Test
    void cannotNameASupplierLongerThan200Characters() {
        fixture.givenNoPriorActivity()
                .when(new RecordPurchaseReceiptCommand(RECEIPT, "x".repeat(201), WAREHOUSE, RECEIVED_AT, LINES))
                .expectException(invalid("supplier-required"));
        fixture.givenNoPriorActivity()
                .when(new RecordPurchaseReceiptCommand(RECEIPT, "x".repeat(200), WAREHOUSE, RECEIVED_AT, LINES))
                .expectSuccessfulHandlerExecution();
    }
}
