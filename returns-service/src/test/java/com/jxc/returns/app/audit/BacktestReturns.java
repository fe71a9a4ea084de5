package com.jxc.returns.app.audit;

import com.jxc.returns.app.testing.TestClock;
import com.jxc.returns.app.it.ReturnsHttp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Returns taken through the API for the backtest tests: one single-line order, its return, and its settlement. */
public final class BacktestReturns {

    private BacktestReturns() {
    }

    public static String returnOf(ReturnsHttp http, String order, int shippedDaysAgo, String price, int quantity,
                                   String reason) {
        assertThat(http.post("/api/sales-orders", "integration", """
                {"orderId":"%s","customer":{"id":"C-1","name":"张三","contact":"zhangsan@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-%s","category":"general","quantity":%d,"unitPrice":%s}]}"""
                .formatted(order, TestClock.now().minus(Duration.ofDays(shippedDaysAgo)), order, quantity, price))
                .status()).isEqualTo(201);
        var submitted = http.post("/api/returns", "cs", """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":%d,"condition":"DEFECTIVE"}],
                 "reason":"%s","channel":"HOTLINE","wantedResolution":"REFUND"}""".formatted(order, quantity, reason),
                Map.of());
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        return submitted.json().get("returnId").asText();
    }

    public static void settle(ReturnsHttp http, String id, int quantity, boolean review) {
        if (review) {
            assertThat(http.post("/api/returns/" + id + "/approve", "reviewer", "{}").status()).isEqualTo(200);
        }
        assertThat(http.post("/api/returns/" + id + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":%d}]}".formatted(quantity)).status()).isEqualTo(200);
        assertThat(http.post("/api/returns/" + id + "/inspect", "warehouse", """
                {"lines":[{"lineNo":1,"restocked":%d,"scrapped":0,"repair":0,"returnedToVendor":0,"refused":0}]}"""
                .formatted(quantity)).status()).isEqualTo(200);
        var settled = http.post("/api/returns/" + id + "/settle", "finance", "{\"method\":\"REFUND\"}");
        assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
    }
}
