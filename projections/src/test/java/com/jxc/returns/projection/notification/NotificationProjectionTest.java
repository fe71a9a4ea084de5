package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationProjectionTest {

    private static final Instant REQUESTED = Instant.parse("2026-11-20T10:15:30Z");

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private NotificationDeliveries deliveries;
    private NotificationRepository outbox;
    private NotificationProjection projection;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        database = client.getDatabase("returns");
        deliveries = new NotificationDeliveries(database);
        outbox = new NotificationRepository(database, deliveries);
        projection = new NotificationProjection(outbox, deliveries);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static CustomerNotificationRequested approved(String returnId) {
        return new CustomerNotificationRequested(new ReturnRequestId(returnId), returnId + ":approved",
                NotificationTopic.APPROVED, "张三", "zhangsan@example.com", null, "Your return request was approved.",
                REQUESTED);
    }

    @Test
    void aNotificationAppliedTwiceIsOneOutboxEntryOnePendingDeliveryAndOneQueueEntry() {
        projection.on(approved("R-1"));
        projection.on(approved("R-1"));

        var page = outbox.page("R-1", null, 0, 20, true);
        assertThat(page.total()).isEqualTo(1);
        NotificationView view = page.items().get(0);
        assertThat(view.notificationId()).isEqualTo("R-1:approved");
        assertThat(view.status()).isEqualTo(Status.PENDING);
        assertThat(view.attempts()).isZero();
        assertThat(view.nextAttemptAt()).isEqualTo(REQUESTED);
        assertThat(view.recipient()).isEqualTo(new NotificationView.Recipient("张三", "zhangsan@example.com"));
        assertThat(database.getCollection(NotificationDeliveries.STATES).countDocuments()).isEqualTo(1);
        assertThat(deliveries.due(REQUESTED, 10)).containsExactly("R-1:approved");
        assertThat(deliveries.due(REQUESTED.minusMillis(1), 10)).isEmpty();
    }

    @Test
    void theWebhookBodyIsStoredOnceWithEveryFieldInAFixedOrder() {
        projection.on(approved("R-1"));

        assertThat(deliveries.find("R-1:approved").orElseThrow().body()).isEqualTo("""
                {"deliveryId":"R-1:approved","returnId":"R-1","topic":"APPROVED",\
                "recipient":{"name":"张三","contact":"zhangsan@example.com"},"returnOrderNumber":null,\
                "message":"Your return request was approved.","requestedAt":"2026-11-20T10:15:30Z"}""");
    }

    @Test
    void aRebuildAfterDeliveryRestoresTheOutboxButNeitherResetsNorRequeuesTheDelivery() {
        projection.on(approved("R-1"));
        Instant deliveredAt = REQUESTED.plusSeconds(3);
        deliveries.save(deliveries.find("R-1:approved").orElseThrow().delivered(deliveredAt)
                .deliveryRecorded(deliveredAt, 1));

        projection.reset();
        assertThat(outbox.page(null, null, 0, 20, true).total()).isZero();
        projection.on(approved("R-1"));

        NotificationView view = outbox.page("R-1", null, 0, 20, true).items().get(0);
        assertThat(view.status()).isEqualTo(Status.DELIVERED);
        assertThat(view.attempts()).isEqualTo(1);
        assertThat(view.deliveredAt()).isEqualTo(deliveredAt);
        assertThat(deliveries.due(REQUESTED.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackOffAndTheLastFailureEndsInFailedWithItsError() {
        projection.on(approved("R-1"));
        var state = deliveries.find("R-1:approved").orElseThrow();

        var retrying = state.attemptFailed(REQUESTED.plusSeconds(1), "HTTP 500", 2, Duration.ofSeconds(2));
        deliveries.save(retrying);
        assertThat(retrying.nextAttemptAt()).isEqualTo(REQUESTED.plusSeconds(3));
        assertThat(deliveries.due(REQUESTED.plusSeconds(2), 10)).isEmpty();
        assertThat(deliveries.due(REQUESTED.plusSeconds(3), 10)).containsExactly("R-1:approved");

        deliveries.save(retrying.attemptFailed(REQUESTED.plusSeconds(3), "HTTP 503: busy", 2, Duration.ofSeconds(4)));
        NotificationView view = outbox.page(null, Status.FAILED, 0, 20, true).items().get(0);
        assertThat(view.attempts()).isEqualTo(2);
        assertThat(view.lastError()).isEqualTo("HTTP 503: busy");
        assertThat(view.nextAttemptAt()).isNull();
        assertThat(deliveries.due(REQUESTED.plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(outbox.page(null, Status.PENDING, 0, 20, true).total()).isZero();
    }

    @Test
    void theOutboxFiltersByReturnAndStatusNewestFirst() {
        projection.on(approved("R-1"));
        projection.on(new CustomerNotificationRequested(new ReturnRequestId("R-1"), "R-1:return_order_issued",
                NotificationTopic.RETURN_ORDER_ISSUED, "张三", "zhangsan@example.com", "RT-2026-000001",
                "Send the goods back.", REQUESTED.plusSeconds(1)));
        projection.on(approved("R-2"));
        deliveries.save(deliveries.find("R-1:approved").orElseThrow().delivered(REQUESTED.plusSeconds(5)));

        assertThat(outbox.page("R-1", null, 0, 20, true).items()).extracting(NotificationView::notificationId)
                .containsExactly("R-1:return_order_issued", "R-1:approved");
        assertThat(outbox.page(null, Status.PENDING, 0, 20, true).items())
                .extracting(NotificationView::notificationId)
                .containsExactlyInAnyOrder("R-1:return_order_issued", "R-2:approved");
        assertThat(outbox.page("R-1", Status.DELIVERED, 0, 20, true).items())
                .extracting(NotificationView::notificationId).containsExactly("R-1:approved");
        assertThat(database.getCollection(NotificationRepository.COLLECTION).countDocuments(new Document()))
                .isEqualTo(3);
    }
}
