package com.jxc.returns.projection.returns;

import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
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
import java.util.List;
import java.util.Optional;

/** The {@code returns} collection: one document per return, keyed by its id. */
@Component
public class ReturnViewRepository {

    public static final String COLLECTION = "returns";
    private static final String SORT_KEY = "requestedAtMillis";

    private final MongoCollection<Document> collection;

    public ReturnViewRepository(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    public Optional<ReturnView> find(String returnId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", returnId)).first())
                .map(document -> DocumentMapper.fromDocument(document, ReturnView.class));
    }

    public void save(ReturnView view) {
        var document = DocumentMapper.toDocument(view.returnId(), view);
        document.put(SORT_KEY, view.request().requestedAt().toEpochMilli());
        collection.replaceOne(Filters.eq("_id", view.returnId()), document, new ReplaceOptions().upsert(true));
    }

    public ReturnPage page(String state, String customerId, String orderId, int page, int size) {
        var filters = new ArrayList<Bson>();
        if (state != null) {
            filters.add(Filters.eq("state", state));
        }
        if (customerId != null) {
            filters.add(Filters.eq("request.customerId", customerId));
        }
        if (orderId != null) {
            filters.add(Filters.eq("request.orderId", orderId));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<ReturnView> items = new ArrayList<>();
        collection.find(filter).sort(Sorts.orderBy(Sorts.descending(SORT_KEY), Sorts.ascending("_id")))
                .skip(page * size).limit(size)
                .forEach(document -> items.add(DocumentMapper.fromDocument(document, ReturnView.class)));
        return new ReturnPage(items, page, size, collection.countDocuments(filter));
    }

    public void deleteAll() {
        collection.deleteMany(new Document());
    }
}
