package com.jxc.returns.app.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.app.testing.ServiceHttp.Response;

import java.util.Map;

/**
 * The steps of a return's lifecycle over HTTP, each as the development user whose role takes it: the order is
 * recorded (integration), the return submitted (customer service), approved or rejected (reviewer) — approval
 * issues the return order —, cancelled (customer service), received and inspected (warehouse), settled (finance),
 * rated (customer service). Works against the service in this JVM or in a child JVM, whichever {@link ServiceHttp}
 * it is given. A step answers the service's response as it is; {@link Response#ok} or {@link Response#expect}
 * assert how it ended.
 *
 * <p>Bodies are given as the API takes them: a {@link String} as it is, a builder of {@link Orders}, or the
 * shorthands below ({@link #lines}, {@link #inspected}, {@link #reason}, {@link #method}, {@link #rating}).
 */
public final class LifecycleDriver {

    /** Approval of everything requested (the body {@code {}}). */
    public static final String EVERYTHING = "{}";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceHttp http;

    public LifecycleDriver(ServiceHttp http) {
        this.http = http;
    }

    public ServiceHttp http() {
        return http;
    }

    /** {@code POST /api/sales-orders} as {@code integration}. */
    public Response recordOrder(Object order) {
        return http.post("/api/sales-orders", "integration", order);
    }

    /** {@code POST /api/purchase-receipts} as {@code integration}: stock arriving from a supplier. */
    public Response receivePurchase(Object receipt) {
        return http.post("/api/purchase-receipts", "integration", receipt);
    }

    /** {@code POST /api/returns} as {@code cs}. */
    public Response submit(Object request) {
        return submit(request, Map.of());
    }

    /** As {@link #submit(Object)} with extra headers (Idempotency-Key, X-Correlation-Id…). */
    public Response submit(Object request, Map<String, String> headers) {
        return http.post("/api/returns", "cs", request, headers);
    }

    /** Records {@code order}, submits {@code request} on it, and answers the new return's id (both must succeed). */
    public String orderAndSubmit(Orders.SalesOrder order, Orders.ReturnRequest request) {
        recordOrder(order).expect("order " + order.orderId(), 201);
        return submit(request).expect("return on " + request.orderId(), 201).json().get("returnId").asText();
    }

    /** Approval by {@code reviewer}, which issues the return order: {@link #EVERYTHING} or {@link #lines}. */
    public Response approve(String returnId, Object approval) {
        return step(returnId, "approve", "reviewer", approval);
    }

    public Response approve(String returnId) {
        return approve(returnId, EVERYTHING);
    }

    public Response reject(String returnId, String reason) {
        return step(returnId, "reject", "reviewer", reason(reason));
    }

    public Response cancel(String returnId, String reason) {
        return step(returnId, "cancel", "cs", reason(reason));
    }

    /** What arrived at the warehouse, recorded by {@code warehouse}: usually {@link #lines}. */
    public Response receive(String returnId, Object receipt) {
        return step(returnId, "receive", "warehouse", receipt);
    }

    /** The inspection of every received unit, by {@code warehouse}: usually {@link #inspected}. */
    public Response inspect(String returnId, Object inspection) {
        return step(returnId, "inspect", "warehouse", inspection);
    }

    /** Settlement by {@code finance}: {@link #method} or a body with an exchange. */
    public Response settle(String returnId, Object settlement) {
        return step(returnId, "settle", "finance", settlement);
    }

    /** The customer's feedback, recorded by {@code cs}: {@link #rating}. */
    public Response feedback(String returnId, Object feedback) {
        return step(returnId, "feedback", "cs", feedback);
    }

    /**
     * The usual whole way after submission of a return on one line: approved by review when {@code review} (an
     * auto-approved return needs none), {@code quantity} units received and restocked, refunded. Every step must
     * succeed.
     */
    public void receiveRestockAndRefund(String returnId, int quantity, boolean review) {
        if (review) {
            approve(returnId).expect("approve " + returnId, 200);
        }
        receive(returnId, lines(1, quantity)).expect("receive " + returnId, 200);
        inspect(returnId, inspected(1, quantity, 0, 0, 0, 0)).expect("inspect " + returnId, 200);
        settle(returnId, method("REFUND")).expect("settle " + returnId, 200);
    }

    private Response step(String returnId, String step, String user, Object body) {
        return http.post("/api/returns/" + returnId + "/" + step, user, body);
    }

    /** {@code {"lines":[{"lineNo":…,"quantity":…},…]}} from pairs of line number and quantity. */
    public static ObjectNode lines(int... lineNoAndQuantity) {
        if (lineNoAndQuantity.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of line number and quantity");
        }
        ObjectNode body = NODES.objectNode();
        ArrayNode lines = body.putArray("lines");
        for (int i = 0; i < lineNoAndQuantity.length; i += 2) {
            lines.addObject().put("lineNo", lineNoAndQuantity[i]).put("quantity", lineNoAndQuantity[i + 1]);
        }
        return body;
    }

    /** An inspection of one line: how many units go to each disposition. */
    public static ObjectNode inspected(int lineNo, int restocked, int scrapped, int repair, int returnedToVendor,
                                       int refused) {
        ObjectNode body = NODES.objectNode();
        body.putArray("lines").add(disposition(lineNo, restocked, scrapped, repair, returnedToVendor, refused));
        return body;
    }

    /** One line of an inspection, for inspections of several lines. */
    public static ObjectNode disposition(int lineNo, int restocked, int scrapped, int repair, int returnedToVendor,
                                         int refused) {
        return NODES.objectNode().put("lineNo", lineNo).put("restocked", restocked).put("scrapped", scrapped)
                .put("repair", repair).put("returnedToVendor", returnedToVendor).put("refused", refused);
    }

    public static ObjectNode reason(String reason) {
        return NODES.objectNode().put("reason", reason);
    }

    /** A settlement by REFUND, STORE_CREDIT or EXCHANGE (of the same SKU). */
    public static ObjectNode method(String method) {
        return NODES.objectNode().put("method", method);
    }

    public static ObjectNode rating(int rating) {
        return NODES.objectNode().put("rating", rating);
    }
}
