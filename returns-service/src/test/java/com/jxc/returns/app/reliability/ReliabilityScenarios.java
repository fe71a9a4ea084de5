package com.jxc.returns.app.reliability;

import com.jxc.returns.app.testing.TestClock;
import com.jxc.returns.app.it.ReturnsHttp;

import java.time.Duration;
import java.time.Instant;

import static com.jxc.returns.app.reliability.ReliabilityHttp.ok;

/** Business histories driven over HTTP, shipped recently so that every return is within its window. */
final class ReliabilityScenarios {

    private ReliabilityScenarios() {
    }

    static String orderJson(String orderId, int quantity) {
        return """
                {"orderId":"%s","customer":{"id":"C-%s","name":"张三","contact":"zhangsan@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-1","category":"electronics","quantity":%d,
                           "unitPrice":199.00,"unitCost":100.00}]}"""
                .formatted(orderId, orderId.hashCode() % 7, TestClock.now().minus(Duration.ofDays(3)), quantity);
    }

    /** An order of 3 units; a return of 2 approved, received, inspected (1 restocked, 1 scrapped), refunded. */
    static String settledReturn(ReturnsHttp http, String orderId) {
        ok(http.post("/api/sales-orders", "integration", orderJson(orderId, 3)), "order " + orderId);
        String id = ok(http.post("/api/returns", "cs", ReturnsHttp.returnJson(orderId, 2)), "return").json()
                .get("returnId").asText();
        ok(http.post("/api/returns/" + id + "/approve", "reviewer", "{}"), "approve");
        ok(http.post("/api/returns/" + id + "/receive", "warehouse", "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}"),
                "receive");
        ok(http.post("/api/returns/" + id + "/inspect", "warehouse", """
                {"lines":[{"lineNo":1,"restocked":1,"scrapped":1,"repair":0,"returnedToVendor":0,"refused":0}]}"""),
                "inspect");
        ok(http.post("/api/returns/" + id + "/settle", "finance", "{\"method\":\"REFUND\"}"), "settle");
        return id;
    }
}
