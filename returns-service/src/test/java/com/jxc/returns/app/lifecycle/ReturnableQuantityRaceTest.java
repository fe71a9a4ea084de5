package com.jxc.returns.app.lifecycle;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many requests racing for the same order line: together they never take more units than were shipped. */
@ServiceTest
class ReturnableQuantityRaceTest extends ServiceOverHttp {

    @Autowired
    EventStore eventStore;

    @Test
    void racingRequestsForOneLineNeverReturnMoreThanWasShipped() throws Exception {
        lifecycle.recordOrder(Orders.salesOrder("SO-RACE").customer("C-R", "Race", "race@example.com")
                .shippedDaysAgo(3).line("SKU-R", "general", 5, "800.00")).ok("order");
        String oneUnit = Orders.returnOf("SO-RACE").line(1, 1, "OPENED").json();
        int contenders = 12;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(contenders);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < contenders; i++) {
                Callable<Integer> request = () -> {
                    start.await();
                    return lifecycle.submit(oneUnit).status();
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
}
