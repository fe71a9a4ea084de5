package com.jxc.returns.projection.stock;

import com.jxc.returns.api.query.StockLevelView;
import com.jxc.returns.projection.support.AppliedToken;
import com.jxc.returns.projection.support.DocumentBatch;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code stock_levels} collection: one document per SKU and warehouse, keyed {@code <warehouse>|<sku>}. */
@Component
public class StockLevelRepository {

    public static final String COLLECTION = "stock_levels";

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;

    public StockLevelRepository(MongoDatabase database) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
    }

    static String key(String warehouse, String sku) {
        return warehouse + "|" + sku;
    }

    /** For the projection: the level as this batch of events sees it. */
    Optional<Stored> stored(String warehouse, String sku) {
        return DocumentBatch.current(database).find(COLLECTION, key(warehouse, sku), Stored::of);
    }

    void save(StockLevelView level, AppliedToken token) {
        DocumentBatch.current(database).put(COLLECTION, key(level.warehouse(), level.sku()), new Stored(level, token),
                StockLevelRepository::toDocument);
    }

    private static Document toDocument(Stored stored) {
        StockLevelView level = stored.level();
        AppliedToken token = stored.token();
        return new Document("_id", key(level.warehouse(), level.sku()))
                .append("sku", level.sku()).append("warehouse", level.warehouse())
                .append("available", level.available()).append("inInspection", level.inInspection())
                .append("scrap", level.scrap()).append("repair", level.repair())
                .append("returnToVendor", level.returnToVendor())
                .append("appliedToken", new Document("index", token.index()).append("gaps", token.gaps()));
    }

    public List<StockLevelView> levels(String sku, String warehouse) {
        if (sku != null && warehouse != null) {
            return Optional.ofNullable(collection.find(Filters.eq("_id", key(warehouse, sku))).first())
                    .map(document -> Stored.of(document).level()).stream().toList();
        }
        var filter = new ArrayList<org.bson.conversions.Bson>();
        if (sku != null) {
            filter.add(Filters.eq("sku", sku));
        }
        if (warehouse != null) {
            filter.add(Filters.eq("warehouse", warehouse));
        }
        var levels = new ArrayList<StockLevelView>();
        collection.find(filter.isEmpty() ? new Document() : Filters.and(filter)).sort(new Document("_id", 1))
                .forEach(document -> levels.add(Stored.of(document).level()));
        return levels;
    }

    void deleteAll() {
        collection.drop();
    }

    record Stored(StockLevelView level, AppliedToken token) {
        static Stored of(Document document) {
            Document token = document.get("appliedToken", Document.class);
            return new Stored(new StockLevelView(document.getString("sku"), document.getString("warehouse"),
                    number(document, "available"), number(document, "inInspection"), number(document, "scrap"),
                    number(document, "repair"), number(document, "returnToVendor")),
                    new AppliedToken(((Number) token.get("index")).longValue(),
                            token.getList("gaps", Number.class).stream().map(Number::longValue).toList()));
        }

        private static long number(Document document, String field) {
            return ((Number) document.get(field)).longValue();
        }
    }
}
