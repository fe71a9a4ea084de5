package com.jxc.returns.app.reliability;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.readmodels.ReadModelSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.jxc.returns.app.reliability.ReliabilityScenarios.ok;
import static com.jxc.returns.app.reliability.ReliabilityScenarios.settledReturn;
import static com.jxc.returns.app.testing.ServiceChecks.awaitCaughtUp;
import static com.jxc.returns.app.testing.ServiceChecks.readModelStatuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read-model batch that fails between its document writes and its token: the batch is delivered again, applied
 * again without changing anything, and the read models end up equal to a clean rebuild.
 * <ul>
 * <li>Documents written, token not stored: a test switch fails the unit of work right after the batch's documents
 * were flushed (a prepare-commit handler registered after the flush), which is what a crash at that moment leaves
 * behind. The events are handled a second time, and nothing is counted twice.</li>
 * <li>Token must not be stored before the documents: the document write itself fails (a unique index the batch
 * violates). The processor retries the batch and never moves its token past it; once the write can succeed it
 * catches up, and no update is skipped. (Before the token store deferred its write to the commit phase, the token
 * was stored first and this batch was skipped for good.)</li>
 * </ul>
 */
@ServiceTest
@Import(ProjectionCrashRecoveryTest.CrashSwitch.class)
class ProjectionCrashRecoveryTest extends ServiceOverHttp {

    /** Fails the next batches of the armed processors after their documents were written, before their token. */
    static class CrashSwitch {
        static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();
        static final Map<String, AtomicInteger> HANDLED = new ConcurrentHashMap<>();

        @Bean
        ConfigurerModule crashAfterDocumentsWereWritten() {
            return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                    (configuration, processor) -> interceptor(processor));
        }

        private static MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
            return (unitOfWork, chain) -> {
                HANDLED.computeIfAbsent(processor + "|" + unitOfWork.getMessage().getIdentifier(),
                        key -> new AtomicInteger()).incrementAndGet();
                Object result = chain.proceed();
                AtomicInteger failures = FAILURES_LEFT.get(processor);
                if (failures != null && unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
                    // registered after every handler of the batch ran, so after DocumentBatch's flush
                    unitOfWork.onPrepareCommit(u -> {
                        if (failures.getAndDecrement() > 0) {
                            throw new IllegalStateException("simulated crash of " + processor
                                    + " after its documents were written");
                        }
                    });
                }
                return result;
            };
        }
    }

    @Autowired
    MongoDatabase database;

    @Test
    void aBatchWhoseTokenWasNotStoredIsAppliedAgainWithoutChangingAnything() {
        stockUp();
        String first = settledReturn(lifecycle, "SO-CR-1");
        awaitCaughtUp(http);

        CrashSwitch.FAILURES_LEFT.put(ReadModels.RETURNS, new AtomicInteger(2));
        CrashSwitch.FAILURES_LEFT.put(ReadModels.STOCK_LEVELS, new AtomicInteger(2));
        CrashSwitch.FAILURES_LEFT.put(ReadModels.LEDGER, new AtomicInteger(2));
        String second = settledReturn(lifecycle, "SO-CR-2");
        awaitCaughtUp(http);
        CrashSwitch.FAILURES_LEFT.clear();

        for (String processor : List.of(ReadModels.RETURNS, ReadModels.STOCK_LEVELS, ReadModels.LEDGER)) {
            long deliveredAgain = CrashSwitch.HANDLED.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(processor + "|") && e.getValue().get() > 1).count();
            assertThat(deliveredAgain).as(processor + ": events handled more than once").isPositive();
        }
        assertThat(http.get("/api/returns/" + second, "cs").json().get("state").asText()).isEqualTo("SETTLED");
        assertThat(http.get("/api/returns/" + first, "cs").json().get("state").asText()).isEqualTo("SETTLED");
        assertEqualToACleanRebuild(http);
    }

    @Test
    void aFailedDocumentWriteHoldsTheProcessorBackInsteadOfSkippingTheBatch() {
        stockUp();
        String before = submitted("SO-IX-1", "reason one");
        awaitCaughtUp(http);
        // the next returns document with this reason text cannot be written
        database.getCollection("returns").createIndex(new Document("request.reasonText", 1),
                new IndexOptions().unique(true).name("test-unique-reason"));
        String blocked;
        String after;
        try {
            blocked = submitted("SO-IX-2", "reason one");
            after = submitted("SO-IX-3", "reason three");
            JsonNode requestedEvent = event(http, blocked, "ReturnRequested");
            String requested = requestedEvent.get("eventId").asText();
            // the processor tries the batch again and again (with back-off), never past it
            await().atMost(Duration.ofSeconds(60)).until(() -> CrashSwitch.HANDLED
                    .getOrDefault(ReadModels.RETURNS + "|" + requested, new AtomicInteger()).get() >= 3);
            assertThat(http.get("/api/returns/" + blocked, "cs").status()).isEqualTo(404);
            // documents of the failed batch may have been written (a bulk write is not atomic); its token was not
            long position = readModelStatuses(http).stream().filter(s -> s.get("name").asText().equals(ReadModels.RETURNS))
                    .findFirst().orElseThrow().get("position").asLong();
            assertThat(position).isLessThan(requestedEvent.get("position").asLong());
        } finally {
            database.getCollection("returns").dropIndex("test-unique-reason");
        }
        awaitCaughtUp(http);
        for (String id : List.of(before, blocked, after)) {
            assertThat(http.get("/api/returns/" + id, "cs").status()).as(id).isEqualTo(200);
        }
        assertEqualToACleanRebuild(http);
    }

    private static JsonNode event(ServiceHttp http, String returnId, String type) {
        for (JsonNode event : http.get("/api/returns/" + returnId + "/history", "auditor").json().get("events")) {
            if (event.get("type").asText().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " for " + returnId);
    }

    private void assertEqualToACleanRebuild(ServiceHttp http) {
        Map<String, List<Document>> live = snapshot();
        for (String readModel : ReadModels.ALL) {
            assertThat(http.post("/api/admin/read-models/" + readModel + "/rebuild", "admin", "").status())
                    .isEqualTo(202);
        }
        awaitCaughtUp(http);
        Map<String, List<Document>> rebuilt = snapshot();
        assertThat(rebuilt.keySet()).isEqualTo(live.keySet());
        live.forEach((collection, documents) -> assertThat(rebuilt.get(collection)).as(collection)
                .isEqualTo(documents));
    }

    private Map<String, List<Document>> snapshot() {
        return ReadModelSnapshot.of(database);
    }

    private static int orders;

    private void stockUp() {
        ok(lifecycle.receivePurchase(Orders.purchaseReceipt("PO-CR-" + ++orders).line("SKU-1", 50, "100.00")),
                "receipt");
    }

    private String submitted(String orderId, String reasonText) {
        ok(lifecycle.recordOrder(ReliabilityScenarios.order(orderId, 3)), "order");
        return ok(lifecycle.submit(Orders.returnOf(orderId).line(1, 1, "OPENED").reasonText(reasonText)), "return")
                .json().get("returnId").asText();
    }
}
