package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery state of every notification ({@value #STATES}) and the queue of those still to be attempted
 * ({@value #QUEUE}, one small document per pending notification with the time it is due). Neither is part of the
 * rebuildable read model: a reset of the notifications processor drops the outbox, never these, so a notification
 * the webhook accepted is never sent again and one that failed is not retried from scratch.
 *
 * <p>The state is the truth; the queue is only the index the poller reads instead of scanning every state
 * (mongo-java-server ignores non-unique secondary indexes, so a filter on the state's status would scan them all).
 * Everything is keyed by the notification id.
 */
@Component
class NotificationDeliveries {

    static final String STATES = "notification-deliveries";
    static final String QUEUE = "notification-delivery-queue";
    private static final String DUE_AT = "dueAt";

    private final MongoCollection<Document> states;
    private final MongoCollection<Document> queue;

    NotificationDeliveries(MongoDatabase database) {
        this.states = database.getCollection(STATES);
        this.queue = database.getCollection(QUEUE);
    }

    /**
     * Stores the delivery state of a newly requested notification, unless one is stored already (a replay or a
     * redelivery of the event), and makes sure a pending one is queued. Returns the state now stored.
     */
    DeliveryState register(DeliveryState fresh) {
        try {
            states.insertOne(DocumentMapper.toDocument(fresh.notificationId(), fresh));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        DeliveryState stored = find(fresh.notificationId()).orElseThrow();
        if (stored.isPending()) {
            // the state and its queue entry are two writes; a crash between them must not strand the notification
            enqueue(stored);
        }
        return stored;
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
        queue.find(Filters.lte(DUE_AT, now.toEpochMilli()))
                .sort(Sorts.orderBy(Sorts.ascending(DUE_AT), Sorts.ascending("_id")))
                .limit(limit)
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /** Stores a changed state first, then queues it again (pending) or takes it off the queue. */
    void save(DeliveryState state) {
        states.replaceOne(Filters.eq("_id", state.notificationId()),
                DocumentMapper.toDocument(state.notificationId(), state));
        if (state.isPending()) {
            enqueue(state);
        } else {
            dequeue(state.notificationId());
        }
    }

    void dequeue(String notificationId) {
        queue.deleteOne(Filters.eq("_id", notificationId));
    }

    private void enqueue(DeliveryState state) {
        queue.replaceOne(Filters.eq("_id", state.notificationId()),
                new Document("_id", state.notificationId()).append(DUE_AT, state.nextAttemptAt().toEpochMilli()),
                new ReplaceOptions().upsert(true));
    }
}
