package com.jxc.returns.app.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The bodies of the requests nearly every test starts with: a shipped sales order (as the integration user
 * records it), a return request on it (as customer service submits it), and the purchase receipt that stocks the
 * warehouse. Each starts from the suite's usual
 * values and says only what a test changes; dates come from the {@link TestClock}.
 *
 * <pre>{@code
 * Orders.salesOrder("SO-1", 3)                                  // 3 × SKU-1 at 199.00, shipped 5 days ago
 * Orders.salesOrder("SO-2").shippedAt(TestClock.daysAgo(40)).line("SKU-LAMP", "general", 1, "800.00")
 * Orders.returnOf("SO-1", 2)                                    // 2 units of line 1, defective, dissatisfied
 * Orders.returnOf("SO-2").line(1, 1, "OPENED").reason("OTHER").wants("EXCHANGE")
 * }</pre>
 */
public final class Orders {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Orders() {
    }

    /** An order with no lines yet, by customer C-1 (张三), shipped from WH-SH five days ago, in CNY. */
    public static SalesOrder salesOrder(String orderId) {
        return new SalesOrder(orderId);
    }

    /** The suite's usual order: one line of {@code quantity} × SKU-1 (electronics) at 199.00, cost 120.00. */
    public static SalesOrder salesOrder(String orderId, int quantity) {
        return salesOrder(orderId).line("SKU-1", "electronics", quantity, "199.00", "120.00");
    }

    /** A return with no lines yet: dissatisfied, by hotline, a refund wanted. */
    public static ReturnRequest returnOf(String orderId) {
        return new ReturnRequest(orderId);
    }

    /** The suite's usual return: {@code quantity} units of line 1, defective, "not as pictured". */
    public static ReturnRequest returnOf(String orderId, int quantity) {
        return returnOf(orderId).line(1, quantity, "DEFECTIVE").reasonText("not as pictured");
    }

    /** Goods received from supplier 深圳电子 into WH-SH twenty days ago, with no lines yet. */
    public static PurchaseReceipt purchaseReceipt(String receiptId) {
        return new PurchaseReceipt(receiptId);
    }

    /** A body as the JSON node it is written from. */
    public abstract static class Body implements ServiceHttp.JsonBody {

        public abstract ObjectNode toJsonNode();

        @Override
        public String json() {
            return toJsonNode().toString();
        }

        @Override
        public String toString() {
            return json();
        }
    }

    /** {@code POST /api/sales-orders}. */
    public static final class SalesOrder extends Body {

        private final String orderId;
        private final ObjectNode customer = NODES.objectNode()
                .put("id", "C-1").put("name", "张三").put("contact", "zhangsan@example.com");
        private String warehouse = "WH-SH";
        private Instant shippedAt = TestClock.daysAgo(5);
        private String currency = "CNY";
        private final ArrayNode lines = NODES.arrayNode();

        private SalesOrder(String orderId) {
            this.orderId = orderId;
        }

        public String orderId() {
            return orderId;
        }

        public SalesOrder customer(String id, String name, String contact) {
            customer.put("id", id).put("name", name).put("contact", contact);
            return this;
        }

        public SalesOrder customerId(String id) {
            customer.put("id", id);
            return this;
        }

        public SalesOrder warehouse(String warehouse) {
            this.warehouse = warehouse;
            return this;
        }

        public SalesOrder shippedAt(Instant shippedAt) {
            this.shippedAt = shippedAt;
            return this;
        }

        public SalesOrder shippedDaysAgo(long days) {
            return shippedAt(TestClock.now().minus(Duration.ofDays(days)));
        }

        public SalesOrder currency(String currency) {
            this.currency = currency;
            return this;
        }

        /** The next line (numbered from 1), without a unit cost. */
        public SalesOrder line(String sku, String category, int quantity, String unitPrice) {
            return line(sku, category, quantity, unitPrice, null);
        }

        /** The next line (numbered from 1); {@code unitCost} null = none given. */
        public SalesOrder line(String sku, String category, int quantity, String unitPrice, String unitCost) {
            int lineNo = lines.size() + 1;
            ObjectNode line = lines.addObject().put("lineNo", lineNo).put("sku", sku).put("category", category)
                    .put("quantity", quantity).put("unitPrice", new BigDecimal(unitPrice));
            if (unitCost != null) {
                line.put("unitCost", new BigDecimal(unitCost));
            }
            return this;
        }

        @Override
        public ObjectNode toJsonNode() {
            ObjectNode order = NODES.objectNode().put("orderId", orderId);
            order.set("customer", customer.deepCopy());
            order.put("warehouse", warehouse).put("shippedAt", shippedAt.toString()).put("currency", currency);
            order.set("lines", lines.deepCopy());
            return order;
        }
    }

    /** {@code POST /api/returns}. */
    public static final class ReturnRequest extends Body {

        private final String orderId;
        private final ArrayNode lines = NODES.arrayNode();
        private String reason = "DISSATISFIED";
        private String reasonText;
        private String channel = "HOTLINE";
        private String wantedResolution = "REFUND";

        private ReturnRequest(String orderId) {
            this.orderId = orderId;
        }

        public String orderId() {
            return orderId;
        }

        /** {@code quantity} units of order line {@code lineNo} in {@code condition} (DEFECTIVE, OPENED…). */
        public ReturnRequest line(int lineNo, int quantity, String condition) {
            lines.addObject().put("lineNo", lineNo).put("quantity", quantity).put("condition", condition);
            return this;
        }

        public ReturnRequest reason(String reason) {
            this.reason = reason;
            return this;
        }

        public ReturnRequest reasonText(String reasonText) {
            this.reasonText = reasonText;
            return this;
        }

        public ReturnRequest channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** The resolution the customer wants (REFUND, EXCHANGE, STORE_CREDIT). */
        public ReturnRequest wants(String wantedResolution) {
            this.wantedResolution = wantedResolution;
            return this;
        }

        @Override
        public ObjectNode toJsonNode() {
            ObjectNode request = NODES.objectNode().put("orderId", orderId);
            request.set("lines", lines.deepCopy());
            request.put("reason", reason);
            if (reasonText != null) {
                request.put("reasonText", reasonText);
            }
            request.put("channel", channel).put("wantedResolution", wantedResolution);
            return request;
        }
    }

    /** {@code POST /api/purchase-receipts}: stock arriving from a supplier. */
    public static final class PurchaseReceipt extends Body {

        private final String receiptId;
        private String supplier = "深圳电子";
        private String warehouse = "WH-SH";
        private Instant receivedAt = TestClock.daysAgo(20);
        private final ArrayNode lines = NODES.arrayNode();

        private PurchaseReceipt(String receiptId) {
            this.receiptId = receiptId;
        }

        public String receiptId() {
            return receiptId;
        }

        public PurchaseReceipt supplier(String supplier) {
            this.supplier = supplier;
            return this;
        }

        public PurchaseReceipt warehouse(String warehouse) {
            this.warehouse = warehouse;
            return this;
        }

        public PurchaseReceipt receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        public PurchaseReceipt line(String sku, int quantity, String unitCost) {
            lines.addObject().put("sku", sku).put("quantity", quantity).put("unitCost", new BigDecimal(unitCost));
            return this;
        }

        @Override
        public ObjectNode toJsonNode() {
            ObjectNode receipt = NODES.objectNode().put("receiptId", receiptId).put("supplier", supplier)
                    .put("warehouse", warehouse).put("receivedAt", receivedAt.toString());
            receipt.set("lines", lines.deepCopy());
            return receipt;
        }
    }
}
