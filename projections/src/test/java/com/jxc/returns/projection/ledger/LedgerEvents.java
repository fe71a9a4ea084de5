package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;

import java.time.Instant;
import java.util.List;

import static com.jxc.returns.api.common.Money.CNY;

/** Events of one order (SKU-1 at 300.00, cost 120.00; SKU-2 at 450.00, cost 200.00; SKU-3 at 50.00 without cost). */
final class LedgerEvents {

    static final Instant INSPECTED_AT = Instant.parse("2026-11-10T09:00:00Z");
    static final Instant SETTLED_AT = Instant.parse("2026-11-11T10:00:00Z");
    static final String ORDER = "SO-1";

    private LedgerEvents() {
    }

    static Money cny(String amount) {
        return Money.of(amount, CNY);
    }

    static SalesOrderRecorded order() {
        return new SalesOrderRecorded(new SalesOrderId(ORDER), new Customer(new CustomerId("C-1"), "张三",
                "zhangsan@example.com"), new WarehouseId("WH-SH"), Instant.parse("2026-11-01T08:00:00Z"), CNY,
                List.of(new SalesOrderLine(1, new Sku("SKU-1"), "shoes", Quantity.of(5), cny("300.00"),
                                cny("120.00"), List.of()),
                        new SalesOrderLine(2, new Sku("SKU-2"), "shoes", Quantity.of(2), cny("450.00"),
                                cny("200.00"), List.of()),
                        new SalesOrderLine(3, new Sku("SKU-3"), "socks", Quantity.of(9), cny("50.00"), null,
                                List.of())));
    }

    static ReturnInspected inspected(String returnId, InspectedLine... lines) {
        return new ReturnInspected(new ReturnRequestId(returnId), new SalesOrderId(ORDER), new WarehouseId("WH-SH"),
                List.of(lines), new UserId("warehouse"), INSPECTED_AT);
    }

    static InspectedLine line(int lineNo, String sku, int restocked, int scrapped, int repair, int returnedToVendor,
                              int refused) {
        return new InspectedLine(lineNo, new Sku(sku), Quantity.of(restocked), Quantity.of(scrapped),
                Quantity.of(repair), Quantity.of(returnedToVendor), Quantity.of(refused));
    }

    static CreditedLine credited(int lineNo, String sku, int quantity, String unitPrice, String unitCost) {
        return new CreditedLine(lineNo, new Sku(sku), "shoes", Quantity.of(quantity), cny(unitPrice),
                unitCost == null ? null : cny(unitCost));
    }

    static ExchangeShipment exchange(String sku, int quantity, String unitPrice) {
        return new ExchangeShipment(new Sku(sku), Quantity.of(quantity), cny(unitPrice));
    }

    /** A settlement with the amounts given as the command side would compute them. */
    static ReturnSettled settled(String returnId, String customer, SettlementMethod method, List<CreditedLine> lines,
                                 String goods, String fee, String credit, ExchangeShipment exchange, String refunded,
                                 String storeCredit, String due, boolean keepItem) {
        return new ReturnSettled(new ReturnRequestId(returnId), new SalesOrderId(ORDER), new CustomerId(customer),
                new WarehouseId("WH-SH"), method, lines, cny(goods), cny(fee), cny(fee).isZero(), cny(credit),
                exchange, cny(refunded), cny(storeCredit), cny(due), keepItem, new UserId("finance"), SETTLED_AT, 1);
    }
}
