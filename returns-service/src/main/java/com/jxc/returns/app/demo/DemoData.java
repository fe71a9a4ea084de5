package com.jxc.returns.app.demo;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.purchasing.PurchaseReceiptId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import com.jxc.returns.api.purchasing.RecordPurchaseReceiptCommand;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.RecordSalesOrderCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code --returns.demo-data=true}: stock from a supplier, three shipped orders and three returns (one auto-approved,
 * one waiting for review, one refunded after inspection), so a newcomer and an operator's first queries have
 * something to look at. Loaded once; a second start adds nothing.
 */
@Component
@Profile("!query")
@ConditionalOnProperty(name = "returns.demo-data", havingValue = "true")
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final WarehouseId WAREHOUSE = new WarehouseId("WH-SH");

    private final CommandGateway commands;
    private final EventStore eventStore;
    private final Clock clock;

    DemoData(CommandGateway commands, EventStore eventStore, Clock clock) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (eventStore.lastSequenceNumberFor("DEMO-PO-1").isPresent()) {
            log.info("Demo data already loaded");
            return;
        }
        Instant now = clock.instant();
        var integration = actedBy("integration", "INTEGRATION");
        commands.sendAndWait(new RecordPurchaseReceiptCommand(new PurchaseReceiptId("DEMO-PO-1"), "深圳电子有限公司",
                WAREHOUSE, now.minus(Duration.ofDays(30)), List.of(
                new ReceiptLine(new Sku("PHONE-X1"), Quantity.of(100), cny("1800.00")),
                new ReceiptLine(new Sku("CASE-X1"), Quantity.of(500), cny("12.00")),
                new ReceiptLine(new Sku("KETTLE-K2"), Quantity.of(50), cny("90.00")))), integration);
        order("DEMO-SO-1", "C-1001", "张伟", "zhang.wei@example.com", now.minus(Duration.ofDays(5)), List.of(
                line(1, "PHONE-X1", "electronics", 2, "2999.00", "1800.00"),
                line(2, "CASE-X1", "accessories", 3, "39.00", "12.00")), integration);
        order("DEMO-SO-2", "C-1002", "Li Na", "+86 138 0000 0002", now.minus(Duration.ofDays(12)), List.of(
                line(1, "KETTLE-K2", "home", 1, "249.00", "90.00")), integration);
        order("DEMO-SO-3", "C-1003", "王芳", "wang.fang@example.com", now.minus(Duration.ofDays(2)), List.of(
                line(1, "PHONE-X1", "electronics", 1, "2999.00", "1800.00")), integration);
        var customerService = actedBy("cs", "CUSTOMER_SERVICE");
        commands.sendAndWait(new SubmitReturnCommand(new ReturnRequestId("DEMO-RET-1"), new SalesOrderId("DEMO-SO-2"),
                List.of(new RequestedLine(1, Quantity.of(1), ReportedCondition.DEFECTIVE)),
                ReturnReason.QUALITY_DEFECT, "加热不稳定 / heats unevenly", Channel.HOTLINE, Resolution.REFUND,
                new UserId("cs"), now.minus(Duration.ofDays(1))), customerService);
        commands.sendAndWait(new SubmitReturnCommand(new ReturnRequestId("DEMO-RET-2"), new SalesOrderId("DEMO-SO-1"),
                List.of(new RequestedLine(1, Quantity.of(1), ReportedCondition.OPENED)),
                ReturnReason.DISSATISFIED, "颜色与图片不符 / colour not as pictured", Channel.ONLINE_FORM,
                Resolution.EXCHANGE, new UserId("cs"), now.minus(Duration.ofHours(3))), customerService);
        settledReturn(now, customerService);
        log.info("Demo data loaded: 1 purchase receipt, 3 sales orders, 3 returns (one of them refunded)");
    }

    /** A return taken all the way to its refund, so the ledger and the refund analytics have something to show. */
    private void settledReturn(Instant now, MetaData customerService) {
        var id = new ReturnRequestId("DEMO-RET-3");
        commands.sendAndWait(new SubmitReturnCommand(id, new SalesOrderId("DEMO-SO-3"),
                List.of(new RequestedLine(1, Quantity.of(1), ReportedCondition.DAMAGED)),
                ReturnReason.TRANSIT_DAMAGE, "屏幕运输中碎裂 / screen cracked in transit", Channel.ONLINE_FORM,
                Resolution.REFUND, new UserId("cs"), now.minus(Duration.ofHours(40))), customerService);
        commands.sendAndWait(new ApproveReturnCommand(id, List.of(new LineQuantity(1, Quantity.of(1))), null,
                "photos confirm transit damage", new UserId("reviewer"), now.minus(Duration.ofHours(36))),
                actedBy("reviewer", "REVIEWER"));
        commands.sendAndWait(new ReceiveReturnCommand(id, List.of(new ReceiveReturnCommand.ReceiptLine(1,
                Quantity.of(1), null, null)), new UserId("warehouse"), now.minus(Duration.ofHours(20))),
                actedBy("warehouse", "WAREHOUSE"));
        commands.sendAndWait(new InspectReturnCommand(id, List.of(new InspectReturnCommand.Disposition(1,
                Quantity.of(0), Quantity.of(0), Quantity.of(0), Quantity.of(1), Quantity.of(0))),
                new UserId("warehouse"), now.minus(Duration.ofHours(19))), actedBy("warehouse", "WAREHOUSE"));
        commands.sendAndWait(new SettleReturnCommand(id, SettlementMethod.REFUND, null, null, null,
                new UserId("finance"), now.minus(Duration.ofHours(18))), actedBy("finance", "FINANCE"));
    }

    private static MetaData actedBy(String user, String role) {
        return MetaData.with(MetadataKeys.USER_ID, user).and(MetadataKeys.USER_ROLE, role);
    }

    private void order(String id, String customerId, String name, String contact, Instant shippedAt,
                       List<SalesOrderLine> lines, MetaData metaData) {
        commands.sendAndWait(new RecordSalesOrderCommand(new SalesOrderId(id),
                new Customer(new CustomerId(customerId), name, contact), WAREHOUSE, shippedAt, Money.CNY, lines),
                metaData);
    }

    private static SalesOrderLine line(int lineNo, String sku, String category, int quantity, String price,
                                       String cost) {
        return new SalesOrderLine(lineNo, new Sku(sku), category, Quantity.of(quantity), cny(price), cny(cost),
                List.of());
    }

    private static Money cny(String amount) {
        return Money.of(amount, Money.CNY);
    }
}
