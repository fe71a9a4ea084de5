package com.jxc.returns.projection.returns;

import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.projection.support.DocumentBatch;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The {@code returns} collection: one document per return, keyed by its id. */
@Component
public class ReturnViewRepository {

    public static final String COLLECTION = "returns";
    private static final String SORT_KEY = "request.requestedAt";
    private static final String UPDATED_KEY = "updatedAt";

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;

    public ReturnViewRepository(MongoDatabase database) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
    }

    /** For the projection: the view as this batch of events sees it. */
    Optional<ReturnView> findInBatch(String returnId) {
        DocumentBatch batch = DocumentBatch.current(database);
        batch.prefetchForBatch(COLLECTION, payload -> payload instanceof ReturnRequestEvent event
                ? List.of(event.returnId().value()) : List.of());
        return batch.find(COLLECTION, returnId, document -> DocumentMapper.fromDocument(document, ReturnView.class));
    }

    /** For the projection: written with the rest of the batch, before its token is stored. */
    void saveInBatch(ReturnView view) {
        DocumentBatch.current(database).putRecord(COLLECTION, view.returnId(), view);
    }

    public Optional<ReturnView> find(String returnId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", returnId)).first())
                .map(document -> DocumentMapper.fromDocument(document, ReturnView.class));
    }

    /** About how many returns the collection holds (the store's count, without reading the documents). */
    public long estimatedCount() {
        return collection.estimatedDocumentCount();
    }

    /** The returns with these ids, in this order; an id without a document yet is left out. */
    public List<ReturnView> findAll(List<String> returnIds) {
        if (returnIds.isEmpty()) {
            return List.of();
        }
        Map<String, ReturnView> found = new HashMap<>();
        collection.find(Filters.in("_id", returnIds)).forEach(document ->
                found.put(document.getString("_id"), DocumentMapper.fromDocument(document, ReturnView.class)));
        return returnIds.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    public void save(ReturnView view) {
        collection.replaceOne(Filters.eq("_id", view.returnId()), toDocument(view), new ReplaceOptions().upsert(true));
    }

    private static Document toDocument(ReturnView view) {
        return DocumentMapper.toDocument(view.returnId(), view);
    }

    public ReturnPage page(FindReturnsQuery query) {
        var filters = new ArrayList<Bson>();
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state().name()));
        }
        if (query.customerId() != null) {
            filters.add(Filters.eq("request.customerId", query.customerId()));
        }
        if (query.orderId() != null) {
            filters.add(Filters.eq("request.orderId", query.orderId()));
        }
        if (query.reason() != null) {
            filters.add(Filters.eq("request.reason", query.reason()));
        }
        if (!query.waitingFor().isEmpty()) {
            filters.add(Filters.in("waitingFor", query.waitingFor()));
        }
        if (query.requestedBefore() != null) {
            filters.add(Filters.lt(SORT_KEY, DocumentMapper.date(query.requestedBefore())));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<ReturnView> items = new ArrayList<>();
        collection.find(filter).sort(Sorts.orderBy(sort(query.sort()), Sorts.ascending("_id")))
                .skip(query.page() * query.size()).limit(query.size())
                .forEach(document -> items.add(DocumentMapper.fromDocument(document, ReturnView.class)));
        return new ReturnPage(items, query.page(), query.size(), collection.countDocuments(filter));
    }

    private static Bson sort(String sort) {
        return switch (sort) {
            case "requestedAt" -> Sorts.ascending(SORT_KEY);
            case "updatedAt" -> Sorts.ascending(UPDATED_KEY);
            case "-updatedAt" -> Sorts.descending(UPDATED_KEY);
            default -> Sorts.descending(SORT_KEY);
        };
    }

    public void deleteAll() {
        collection.drop();
    }
}
