package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller against a real socket, with the clock fixed so that back-off and age are exact. */
class WebhookDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private MongoServer mongo;
    private MongoClient client;
    private NotificationDeliveries deliveries;
    private NotificationProjection projection;
    private HttpServer webhook;
    private final AtomicInteger requests = new AtomicInteger();
    private int commits;

    @BeforeEach
    void start() throws IOException {
        mongo = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create("mongodb://127.0.0.1:" + mongo.bind().getPort());
        var database = client.getDatabase("returns");
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

    private WebhookDelivery delivery(String url) {
        var properties = new NotificationProperties(url, "secret", Duration.ofSeconds(1), 20, Duration.ofSeconds(2),
                Duration.ofMinutes(5), 8, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofDays(7));
        return new WebhookDelivery(deliveries, properties, () -> commits++, Clock.fixed(NOW, ZoneOffset.UTC),
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
        assertThat(commits).isEqualTo(1);
        assertThat(deliveries.due(NOW.plus(Duration.ofDays(1)), 10)).isEmpty();

        delivery(url()).deliverDue();
        assertThat(requests).hasValue(1);
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
