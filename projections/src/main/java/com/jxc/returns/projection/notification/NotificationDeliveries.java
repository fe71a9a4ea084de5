package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.projection.support.DocumentBatch;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery state of every notification ({@value #STATES}) and the queue of those still to be attempted
 * ({@value #QUEUE}, one small document per pending notification with the time it is due, and per delivery still to
 * be recorded in the event stream). Neither is part of the rebuildable read model: a reset of the notifications
 * processor drops the outbox, never these, so one that failed is not retried from scratch. That a notification was
 * delivered is folded in from the stream's {@code CustomerNotificationDelivered} as well, so a store restored from
 * an export, which starts without these collections, knows it too.
 *
 * <p>The state is the truth; the queue is only the index the poller reads instead of scanning every state
 * (mongo-java-server ignores non-unique secondary indexes, so a filter on the state's status would scan them all).
 * Everything is keyed by the notification id.
 */
@Component
public class NotificationDeliveries {

    static final String STATES = "notification-deliveries";
    static final String QUEUE = "notification-delivery-queue";
    /** Marks, once done, that deliveries stored before they were recorded in the stream have been queued. */
    static final String EARLIER_DELIVERIES_QUEUED = "earlier-deliveries-queued";
    private static final String MARKERS = "notification-delivery-markers";
    private static final String DUE_AT = "dueAt";

    private final MongoCollection<Document> states;
    private final MongoCollection<Document> queue;

    private final MongoDatabase database;

    NotificationDeliveries(MongoDatabase database) {
        this.database = database;
        this.states = database.getCollection(STATES);
        this.queue = database.getCollection(QUEUE);
    }

    /**
     * Stores, with the rest of the batch, the delivery state of a newly requested notification, unless one is stored
     * already (a replay or a redelivery of the event), and makes sure a pending one is queued. Only this projection
     * creates states, so a state absent when the batch looked is still absent when it is written. Returns the state.
     */
    DeliveryState register(DeliveryState fresh) {
        DocumentBatch batch = DocumentBatch.current(database);
        prefetchStates(batch);
        DeliveryState stored = batch.find(STATES, fresh.notificationId(), DeliveryState::fromDocument).orElse(null);
        if (stored == null) {
            batch.putRecord(STATES, fresh.notificationId(), fresh);
            stored = fresh;
        }
        if (stored == fresh) {
            batch.putNew(QUEUE, queueEntry(fresh.notificationId(), fresh.nextAttemptAt()));
        } else if (stored.isPending()) {
            // the state and its queue entry are two writes; a crash between them must not strand the notification.
            // The entry read first is not written again when it is there (a rebuild keeps the queue).
            batch.prefetchForBatch(QUEUE, NotificationDeliveries::notificationIdsOf);
            batch.put(QUEUE, queueEntry(stored.notificationId(), stored.nextAttemptAt()));
        }
        return stored;
    }

    /**
     * Folds a delivery recorded in the event stream into the state, with the rest of the batch: delivered, never to
     * be sent again. A queue entry left behind is dropped by the poller when it finds the state settled.
     */
    void recordedInStream(CustomerNotificationDelivered delivered) {
        DocumentBatch batch = DocumentBatch.current(database);
        prefetchStates(batch);
        batch.find(STATES, delivered.notificationId(), DeliveryState::fromDocument)
                .filter(stored -> !stored.isSettled())
                .ifPresent(stored -> batch.putRecord(STATES, stored.notificationId(),
                        stored.deliveryRecorded(delivered.deliveredAt(), delivered.attempts())));
    }

    private static void prefetchStates(DocumentBatch batch) {
        batch.prefetchForBatch(STATES, NotificationDeliveries::notificationIdsOf);
    }

    private static List<String> notificationIdsOf(Object payload) {
        if (payload instanceof CustomerNotificationRequested requested) {
            return List.of(requested.notificationId());
        }
        return payload instanceof CustomerNotificationDelivered delivered ? List.of(delivered.notificationId())
                : List.of();
    }

    Optional<DeliveryState> find(String notificationId) {
        return Optional.ofNullable(states.find(Filters.eq("_id", notificationId)).first())
                .map(DeliveryState::fromDocument);
    }

    Map<String, DeliveryState> find(Collection<String> notificationIds) {
        Map<String, DeliveryState> found = new HashMap<>();
        if (!notificationIds.isEmpty()) {
            states.find(Filters.in("_id", notificationIds))
                    .forEach(document -> found.put(document.getString("_id"), DeliveryState.fromDocument(document)));
        }
        return found;
    }

    /** Ids of the notifications with {@code status} (of one return, when given). Scans the states: queries only. */
    List<String> idsWith(Status status, String returnId) {
        Bson filter = returnId == null ? Filters.eq("status", status.name())
                : Filters.and(Filters.eq("status", status.name()), Filters.eq("returnId", returnId));
        List<String> ids = new ArrayList<>();
        states.find(filter).projection(Projections.include("_id"))
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /** The ids due at {@code now}, earliest first. Reads only the queue, which holds pending notifications only. */
    List<String> due(Instant now, int limit) {
        List<String> ids = new ArrayList<>();
        queue.find(Filters.lte(DUE_AT, DocumentMapper.date(now)))
                .sort(Sorts.orderBy(Sorts.ascending(DUE_AT), Sorts.ascending("_id")))
                .limit(limit)
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /**
     * Stores a changed state first, then queues it again (pending; or delivered but not yet recorded in the stream,
     * due at once) or takes it off the queue.
     */
    void save(DeliveryState state) {
        states.replaceOne(Filters.eq("_id", state.notificationId()),
                DocumentMapper.toDocument(state.notificationId(), state));
        if (state.isPending()) {
            enqueue(state.notificationId(), state.nextAttemptAt());
        } else if (state.awaitsRecording()) {
            enqueue(state.notificationId(), state.deliveredAt());
        } else {
            dequeue(state.notificationId());
        }
    }

    /**
     * Once per store: queues every delivery stored before deliveries were recorded in the event stream, so that the
     * poller records them (without sending anything) and an export taken afterwards carries them. Scans the states.
     */
    int queueEarlierDeliveriesOnce(Instant dueAt) {
        MongoCollection<Document> markers = database.getCollection(MARKERS);
        if (markers.find(Filters.eq("_id", EARLIER_DELIVERIES_QUEUED)).first() != null) {
            return 0;
        }
        List<String> ids = new ArrayList<>();
        states.find(Filters.and(Filters.eq("status", Status.DELIVERED.name()), Filters.ne("recorded", true)))
                .projection(Projections.include("_id"))
                .forEach(document -> ids.add(document.getString("_id")));
        ids.forEach(id -> enqueue(id, dueAt));
        markers.replaceOne(Filters.eq("_id", EARLIER_DELIVERIES_QUEUED),
                new Document("_id", EARLIER_DELIVERIES_QUEUED).append("queued", ids.size()),
                new ReplaceOptions().upsert(true));
        return ids.size();
    }

    /**
     * Rewrites the states and the queue, which a rebuild keeps, in the typed document shapes ({@link DocumentMapper}):
     * states written as strings by an earlier release read back to the same records, and a queue entry due at epoch
     * milliseconds gets its BSON date (the poller compares dates). Returns how many documents were rewritten.
     */
    public static int retypeKeptDocuments(MongoDatabase database) {
        int rewritten = 0;
        MongoCollection<Document> states = database.getCollection(STATES);
        for (Document stored : states.find()) {
            DeliveryState state = DeliveryState.fromDocument(stored);
            states.replaceOne(Filters.eq("_id", stored.get("_id")),
                    DocumentMapper.toDocument(state.notificationId(), state));
            rewritten++;
        }
        MongoCollection<Document> queue = database.getCollection(QUEUE);
        for (Document entry : queue.find()) {
            Object dueAt = entry.get(DUE_AT);
            if (!(dueAt instanceof Date)) {
                queue.replaceOne(Filters.eq("_id", entry.get("_id")),
                        queueEntry(entry.getString("_id"), DocumentMapper.instant(dueAt)));
                rewritten++;
            }
        }
        return rewritten;
    }

    /** Looks at this notification again at {@code at}: its delivery could not be recorded just now. */
    void retryRecordingAt(String notificationId, Instant at) {
        enqueue(notificationId, at);
    }

    void dequeue(String notificationId) {
        queue.deleteOne(Filters.eq("_id", notificationId));
    }

    private void enqueue(String notificationId, Instant dueAt) {
        queue.replaceOne(Filters.eq("_id", notificationId), queueEntry(notificationId, dueAt),
                new ReplaceOptions().upsert(true));
    }

    private static Document queueEntry(String notificationId, Instant dueAt) {
        return new Document("_id", notificationId).append(DUE_AT, DocumentMapper.date(dueAt));
    }
}
