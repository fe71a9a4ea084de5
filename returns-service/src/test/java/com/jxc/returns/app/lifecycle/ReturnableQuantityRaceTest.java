package com.jxc.returns.app.lifecycle;

import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many requests racing for the same order line: together they never take more units than were shipped. */
@ServiceTest
class ReturnableQuantityRaceTest {

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;

    @Test
    void racingRequestsForOneLineNeverReturnMoreThanWasShipped() throws Exception {
        client("integration").post().uri("/api/sales-orders").contentType(MediaType.APPLICATION_JSON).body("""
                {"orderId":"SO-RACE","customer":{"id":"C-R","name":"Race","contact":"race@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-R","category":"general","quantity":5,"unitPrice":800.00}]}
                """.formatted(TestClock.now().minus(3, ChronoUnit.DAYS))).retrieve().toBodilessEntity();
        int contenders = 12;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(contenders);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < contenders; i++) {
                Callable<Integer> request = () -> {
                    start.await();
                    return client("cs").post().uri("/api/returns").contentType(MediaType.APPLICATION_JSON).body("""
                            {"orderId":"SO-RACE","lines":[{"lineNo":1,"quantity":1,"condition":"OPENED"}],
                             "reason":"DISSATISFIED","channel":"HOTLINE","wantedResolution":"REFUND"}""")
                            .exchange((req, response) -> response.getStatusCode().value());
                };
                statuses.add(pool.submit(request));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get());
            }

            assertThat(results).filteredOn(status -> status == 201).hasSize(5);
            assertThat(results).filteredOn(status -> status != 201).allMatch(status -> status == 422 || status == 409);
            long reserved = eventStore.readEvents("SO-RACE").asStream()
                    .filter(event -> event.getPayloadType().getSimpleName().equals("ReturnQuantityReserved")).count();
            assertThat(reserved).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    private RestClient client(String user) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(user, user)).build();
    }
}
