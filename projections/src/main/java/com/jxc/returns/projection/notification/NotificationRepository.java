package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationPage;
import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.jxc.returns.projection.support.DocumentBatch;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@value #COLLECTION} collection, the outbox read model: one document per notification, keyed by its id. A
 * page joins each notification with its delivery state.
 */
@Component
public class NotificationRepository {

    public static final String COLLECTION = "notifications";
    private static final String SORT_KEY = "requestedAt";

    private final MongoCollection<Document> collection;
    private final NotificationDeliveries deliveries;

    private final MongoDatabase database;

    NotificationRepository(MongoDatabase database, NotificationDeliveries deliveries) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
        this.deliveries = deliveries;
    }

    void save(OutboxEntry entry) {
        // after the delivery state in the same batch: the outbox is never visible without its state
        DocumentBatch.current(database).putNewRecord(COLLECTION, entry.notificationId(), entry);
    }

    void deleteAll() {
        collection.drop();
    }

    /** Newest first; {@code returnId} and {@code status} are optional filters. */
    public NotificationPage page(String returnId, Status status, int page, int size, boolean deliveryEnabled) {
        var filters = new ArrayList<Bson>();
        if (returnId != null) {
            filters.add(Filters.eq("returnId", returnId));
        }
        if (status != null) {
            filters.add(Filters.in("_id", deliveries.idsWith(status, returnId)));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<OutboxEntry> entries = new ArrayList<>();
        collection.find(filter).sort(Sorts.orderBy(Sorts.descending(SORT_KEY), Sorts.ascending("_id")))
                .skip(page * size).limit(size)
                .forEach(document -> entries.add(DocumentMapper.fromDocument(document, OutboxEntry.class)));
        Map<String, DeliveryState> states = deliveries.find(entries.stream().map(OutboxEntry::notificationId).toList());
        List<NotificationView> items = entries.stream().map(entry -> view(entry, states.get(entry.notificationId())))
                .toList();
        return new NotificationPage(items, page, size, collection.countDocuments(filter), deliveryEnabled);
    }

    private static NotificationView view(OutboxEntry entry, DeliveryState state) {
        var recipient = new NotificationView.Recipient(entry.recipientName(), entry.recipientContact());
        if (state == null) {
            // cannot happen: the projection stores the state before the outbox document
            return new NotificationView(entry.notificationId(), entry.returnId(), entry.topic(), recipient,
                    entry.returnOrderNumber(), entry.message(), entry.requestedAt(), Status.PENDING, 0, null, null,
                    entry.requestedAt(), null);
        }
        return new NotificationView(entry.notificationId(), entry.returnId(), entry.topic(), recipient,
                entry.returnOrderNumber(), entry.message(), entry.requestedAt(), state.status(), state.attempts(),
                state.lastAttemptAt(), state.lastError(), state.nextAttemptAt(), state.deliveredAt());
    }
}
