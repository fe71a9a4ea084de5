package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.jxc.returns.projection.support.DocumentMapper;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller against a real socket, with the clock fixed so that back-off and age are exact. */
class WebhookDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private MongoServer mongo;
    private MongoClient client;
    private MongoDatabase database;
    private NotificationDeliveries deliveries;
    private NotificationProjection projection;
    private HttpServer webhook;
    private final AtomicInteger requests = new AtomicInteger();
    private final StreamRecord stream = new StreamRecord();
    private int commits;

    /** The return's event stream as far as deliveries go; refuses to record while {@code failing}. */
    private static final class StreamRecord implements DeliveryRecord {
        final Map<String, Delivered> delivered = new HashMap<>();
        final List<String> recordCalls = new ArrayList<>();
        boolean failing;

        @Override
        public Optional<Delivered> find(String returnId, String notificationId) {
            return Optional.ofNullable(delivered.get(notificationId));
        }

        @Override
        public void record(String returnId, String notificationId, Instant deliveredAt, int attempts) {
            recordCalls.add(notificationId);
            if (failing) {
                throw new IllegalStateException("event store unreachable");
            }
            delivered.putIfAbsent(notificationId, new Delivered(deliveredAt, attempts));
        }
    }

    @BeforeEach
    void start() throws IOException {
        mongo = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create("mongodb://127.0.0.1:" + mongo.bind().getPort());
        database = client.getDatabase("returns");
        deliveries = new NotificationDeliveries(database);
        projection = new NotificationProjection(new NotificationRepository(database, deliveries), deliveries);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void stop() {
        webhook.stop(0);
        client.close();
        mongo.shutdownNow();
    }

    private NotificationProperties properties() {
        return properties(url());
    }

    private static NotificationProperties properties(String url) {
        return new NotificationProperties(url, "secret", Duration.ofSeconds(1), 20, Duration.ofSeconds(2),
                Duration.ofMinutes(5), 8, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofDays(7), true);
    }

    private WebhookDelivery delivery(String url) {
        var properties = properties(url);
        return new WebhookDelivery(deliveries, stream, properties, () -> commits++, Clock.fixed(NOW, ZoneOffset.UTC),
                new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class));
    }

    private String url() {
        return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
    }

    private void requested(String returnId, Instant at) {
        projection.on(new CustomerNotificationRequested(new ReturnRequestId(returnId), returnId + ":cancelled",
                NotificationTopic.CANCELLED, "李四", "lisi@example.com", null, "Your return was cancelled.", at));
    }

    @Test
    void anyTwoHundredAnswerDeliversOnceAndALaterPollSendsNothingMore() {
        requested("R-1", NOW.minusSeconds(5));

        delivery(url()).deliverDue();

        var state = deliveries.find("R-1:cancelled").orElseThrow();
        assertThat(state.status()).isEqualTo(Status.DELIVERED);
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.deliveredAt()).isEqualTo(NOW);
        assertThat(requests).hasValue(1);
        assertThat(state.recorded()).isTrue();
        assertThat(stream.delivered).containsEntry("R-1:cancelled", new DeliveryRecord.Delivered(NOW, 1));
        assertThat(deliveries.due(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();

        delivery(url()).deliverDue();
        assertThat(requests).hasValue(1);
        assertThat(stream.recordCalls).containsExactly("R-1:cancelled");
    }

    @Test
    void aNotificationTheStreamRecordsAsDeliveredIsNotSentAgainThoughTheOutboxDoesNotKnowYet() {
        // a restored store: the outbox is being rebuilt and has folded the request but not yet the delivery
        requested("R-1", NOW.minusSeconds(5));
        stream.delivered.put("R-1:cancelled", new DeliveryRecord.Delivered(NOW.minusSeconds(4), 2));

        delivery(url()).deliverDue();

        assertThat(requests).hasValue(0);
        var state = deliveries.find("R-1:cancelled").orElseThrow();
        assertThat(state.status()).isEqualTo(Status.DELIVERED);
        assertThat(state.recorded()).isTrue();
        assertThat(state.attempts()).isEqualTo(2);
        assertThat(state.deliveredAt()).isEqualTo(NOW.minusSeconds(4));
        assertThat(deliveries.due(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void aDeliveryFoldedFromTheStreamLeavesNothingToSend() {
        requested("R-1", NOW.minusSeconds(5));
        projection.on(new CustomerNotificationDelivered(new ReturnRequestId("R-1"), "R-1:cancelled",
                NOW.minusSeconds(4), 1));

        delivery(url()).deliverDue();

        assertThat(requests).hasValue(0);
        assertThat(stream.recordCalls).isEmpty();
        assertThat(deliveries.find("R-1:cancelled").orElseThrow().isSettled()).isTrue();
        assertThat(deliveries.due(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void aDeliveryThatCouldNotBeRecordedIsRecordedLaterWithoutBeingSentAgain() {
        requested("R-1", NOW.minusSeconds(5));
        stream.failing = true;

        delivery(url()).deliverDue();

        var state = deliveries.find("R-1:cancelled").orElseThrow();
        assertThat(state.status()).isEqualTo(Status.DELIVERED);
        assertThat(state.recorded()).isFalse();
        assertThat(deliveries.due(NOW, 10)).isEmpty();
        assertThat(deliveries.due(NOW.plusSeconds(2), 10)).containsExactly("R-1:cancelled");

        stream.failing = false;
        new WebhookDelivery(deliveries, stream, properties(), () -> commits++,
                Clock.fixed(NOW.plusSeconds(2), ZoneOffset.UTC),
                new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class)).deliverDue();

        assertThat(requests).hasValue(1);
        assertThat(stream.delivered).containsEntry("R-1:cancelled", new DeliveryRecord.Delivered(NOW, 1));
        assertThat(deliveries.find("R-1:cancelled").orElseThrow().isSettled()).isTrue();
        assertThat(deliveries.due(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void anUnreachableWebhookIsRetriedAfterTheInitialBackOffWithTheConnectionErrorVisible() {
        requested("R-1", NOW.minusSeconds(5));
        webhook.stop(0);

        delivery(url()).deliverDue();

        var state = deliveries.find("R-1:cancelled").orElseThrow();
        assertThat(state.status()).isEqualTo(Status.PENDING);
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.lastError()).startsWith("ConnectException");
        assertThat(state.nextAttemptAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(deliveries.due(NOW.plusSeconds(1), 10)).isEmpty();
        assertThat(deliveries.due(NOW.plusSeconds(2), 10)).containsExactly("R-1:cancelled");
    }

    @Test
    void aDeliveryStoredBeforeDeliveriesWereRecordedIsRecordedOnceNotSentAgain() {
        requested("R-1", NOW.minusSeconds(5));
        var legacy = DocumentMapper.toDocument("R-1:cancelled",
                deliveries.find("R-1:cancelled").orElseThrow().delivered(NOW.minusSeconds(4)));
        legacy.remove("recorded");
        database.getCollection(NotificationDeliveries.STATES).replaceOne(Filters.eq("_id", "R-1:cancelled"), legacy);

        // as the old poller left it: delivered, off the queue
        deliveries.dequeue("R-1:cancelled");
        var state = deliveries.find("R-1:cancelled").orElseThrow();
        assertThat(state.status()).isEqualTo(Status.DELIVERED);
        assertThat(state.awaitsRecording()).isTrue();
        delivery(url()).deliverDue();

        assertThat(requests).hasValue(0);
        assertThat(stream.delivered).containsEntry("R-1:cancelled",
                new DeliveryRecord.Delivered(NOW.minusSeconds(4), 1));
        assertThat(deliveries.find("R-1:cancelled").orElseThrow().isSettled()).isTrue();
        assertThat(deliveries.queueEarlierDeliveriesOnce(NOW)).as("done once per store").isZero();
    }

    @Test
    void aNotificationOlderThanTheMaximumAgeIsMarkedFailedWithoutBeingSent() {
        requested("R-OLD", NOW.minus(Duration.ofDays(8)));

        delivery(url()).deliverDue();

        var state = deliveries.find("R-OLD:cancelled").orElseThrow();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.attempts()).isZero();
        assertThat(state.lastError()).contains("max-age");
        assertThat(requests).hasValue(0);
    }
}
