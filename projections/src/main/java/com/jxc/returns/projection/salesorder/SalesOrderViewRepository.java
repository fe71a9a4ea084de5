package com.jxc.returns.projection.salesorder;

import com.jxc.returns.api.query.SalesOrderView;
import com.jxc.returns.api.salesorder.ReturnQuantityReleased;
import com.jxc.returns.api.salesorder.ReturnQuantityReserved;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.support.DocumentBatch;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The {@code sales_orders} collection: one document per shipped order, keyed by the order id. (Not named
 * {@code SalesOrderRepository}: that bean is Axon's repository of the order aggregate.)
 */
@Component
public class SalesOrderViewRepository {

    public static final String COLLECTION = "sales_orders";

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;

    public SalesOrderViewRepository(MongoDatabase database) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
    }

    public Optional<SalesOrderView> find(String orderId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", orderId)).first())
                .map(SalesOrderViewRepository::of);
    }

    /**
     * For the projection: the order as this batch of events sees it; the orders the batch's events name are read
     * with one query.
     */
    Optional<SalesOrderView> inBatch(String orderId) {
        DocumentBatch batch = DocumentBatch.current(database);
        batch.prefetchForBatch(COLLECTION, SalesOrderViewRepository::orderIdOf);
        return batch.find(COLLECTION, orderId, SalesOrderViewRepository::of);
    }

    private static List<String> orderIdOf(Object payload) {
        if (payload instanceof SalesOrderRecorded recorded) {
            return List.of(recorded.orderId().value());
        }
        if (payload instanceof ReturnQuantityReserved reserved) {
            return List.of(reserved.orderId().value());
        }
        if (payload instanceof ReturnQuantityReleased released) {
            return List.of(released.orderId().value());
        }
        return List.of();
    }

    void save(SalesOrderView order) {
        DocumentBatch.current(database).putRecord(COLLECTION, order.orderId(), order);
    }

    void deleteAll() {
        collection.drop();
    }

    private static SalesOrderView of(Document document) {
        return DocumentMapper.fromDocument(document, SalesOrderView.class);
    }
}
