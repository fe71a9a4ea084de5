package com.jxc.returns.projection.analytics;

import com.jxc.returns.projection.support.AppliedToken;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Two collections: {@code analytics_return_facts}, one small document per return keyed by its id, and
 * {@code analytics_shipped_units}, units shipped per SKU and business day keyed by {@code sku|yyyy-MM-dd}.
 */
@Component
public class AnalyticsRepository {

    public static final String FACTS = "analytics_return_facts";
    public static final String SHIPPED = "analytics_shipped_units";
    private static final String REQUESTED_AT_MILLIS = "requestedAtMillis";

    private final MongoCollection<Document> facts;
    private final MongoCollection<Document> shipped;

    public AnalyticsRepository(MongoDatabase database) {
        this.facts = database.getCollection(FACTS);
        this.shipped = database.getCollection(SHIPPED);
    }

    public Optional<ReturnFact> fact(String returnId) {
        return Optional.ofNullable(facts.find(Filters.eq("_id", returnId)).first())
                .map(document -> DocumentMapper.fromDocument(document, ReturnFact.class));
    }

    void save(ReturnFact fact) {
        var document = DocumentMapper.toDocument(fact.returnId(), fact);
        document.put(REQUESTED_AT_MILLIS, fact.requestedAt().toEpochMilli());
        facts.replaceOne(Filters.eq("_id", fact.returnId()), document, new ReplaceOptions().upsert(true));
    }

    /** Every return requested in [from, to); a null bound is open. */
    public List<ReturnFact> factsRequestedBetween(Instant from, Instant to) {
        var bounds = new ArrayList<Bson>();
        if (from != null) {
            bounds.add(Filters.gte(REQUESTED_AT_MILLIS, from.toEpochMilli()));
        }
        if (to != null) {
            bounds.add(Filters.lt(REQUESTED_AT_MILLIS, to.toEpochMilli()));
        }
        Bson filter = bounds.isEmpty() ? new Document() : Filters.and(bounds);
        var result = new ArrayList<ReturnFact>();
        facts.find(filter).forEach(document -> result.add(DocumentMapper.fromDocument(document, ReturnFact.class)));
        return result;
    }

    Map<String, ShippedUnits> shippedUnits(Collection<String> ids) {
        var result = new HashMap<String, ShippedUnits>();
        shipped.find(Filters.in("_id", ids)).forEach(document -> {
            var units = DocumentMapper.fromDocument(document, ShippedUnits.class);
            result.put(units.id(), units);
        });
        return result;
    }

    void save(ShippedUnits units) {
        var document = DocumentMapper.toDocument(units.id(), units);
        shipped.replaceOne(Filters.eq("_id", units.id()), document, new ReplaceOptions().upsert(true));
    }

    /** Units shipped per SKU on the business days in [fromDay, toDay); a null bound is open. */
    public Map<String, Long> shippedUnitsBetween(LocalDate fromDay, LocalDate toDay) {
        var bounds = new ArrayList<Bson>();
        if (fromDay != null) {
            bounds.add(Filters.gte("day", fromDay.toString()));
        }
        if (toDay != null) {
            bounds.add(Filters.lt("day", toDay.toString()));
        }
        Bson filter = bounds.isEmpty() ? new Document() : Filters.and(bounds);
        var result = new TreeMap<String, Long>();
        shipped.find(filter).forEach(document -> {
            var units = DocumentMapper.fromDocument(document, ShippedUnits.class);
            result.merge(units.sku(), units.units(), Long::sum);
        });
        return result;
    }

    void deleteAll() {
        facts.deleteMany(new Document());
        shipped.deleteMany(new Document());
    }

    /**
     * Units of one SKU shipped on one business day, fed by many orders: {@code applied} is the stream position of
     * the last order counted, so an order delivered again is not counted twice.
     */
    record ShippedUnits(String id, String sku, String day, long units, AppliedToken applied) {

        static String idOf(String sku, LocalDate day) {
            return sku + "|" + day;
        }
    }
}
