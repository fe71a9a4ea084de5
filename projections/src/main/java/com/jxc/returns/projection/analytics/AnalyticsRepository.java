package com.jxc.returns.projection.analytics;

import com.jxc.returns.projection.support.AppliedToken;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.support.DocumentBatch;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
    private static final String REQUESTED_AT = "requestedAt";

    private final MongoCollection<Document> facts;
    private final MongoCollection<Document> shipped;

    private final MongoDatabase database;

    public AnalyticsRepository(MongoDatabase database) {
        this.database = database;
        this.facts = database.getCollection(FACTS);
        this.shipped = database.getCollection(SHIPPED);
    }

    public Optional<ReturnFact> fact(String returnId) {
        return Optional.ofNullable(facts.find(Filters.eq("_id", returnId)).first())
                .map(document -> DocumentMapper.fromDocument(document, ReturnFact.class));
    }

    /** For the projection: the fact as this batch of events sees it, loaded with the rest of the batch's facts. */
    Optional<ReturnFact> factInBatch(String returnId) {
        DocumentBatch batch = DocumentBatch.current(database);
        batch.prefetchForBatch(FACTS, payload -> payload instanceof ReturnRequestEvent event
                ? List.of(event.returnId().value()) : List.of());
        return batch.find(FACTS, returnId, document -> DocumentMapper.fromDocument(document, ReturnFact.class));
    }

    /** For the projection: written with the rest of the batch, before its token is stored. */
    void saveInBatch(ReturnFact fact) {
        DocumentBatch.current(database).putRecord(FACTS, fact.returnId(), fact);
    }

    /** Every return requested in [from, to); a null bound is open. */
    public List<ReturnFact> factsRequestedBetween(Instant from, Instant to) {
        var bounds = new ArrayList<Bson>();
        if (from != null) {
            bounds.add(Filters.gte(REQUESTED_AT, DocumentMapper.date(from)));
        }
        if (to != null) {
            bounds.add(Filters.lt(REQUESTED_AT, DocumentMapper.date(to)));
        }
        Bson filter = bounds.isEmpty() ? new Document() : Filters.and(bounds);
        var result = new ArrayList<ReturnFact>();
        facts.find(filter).forEach(document -> result.add(DocumentMapper.fromDocument(document, ReturnFact.class)));
        return result;
    }

    /** For the projection: the units as this batch of events sees them, loaded with those of the batch's orders. */
    Optional<ShippedUnits> shippedUnitsInBatch(String id) {
        DocumentBatch batch = DocumentBatch.current(database);
        batch.prefetchForBatch(SHIPPED, payload -> payload instanceof SalesOrderRecorded order
                ? ShippedUnits.idsOf(order) : List.of());
        return batch.find(SHIPPED, id, document -> DocumentMapper.fromDocument(document, ShippedUnits.class));
    }

    /** For the projection: written with the rest of the batch, before its token is stored. */
    void saveInBatch(ShippedUnits units) {
        DocumentBatch.current(database).putRecord(SHIPPED, units.id(), units);
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
        facts.drop();
        shipped.drop();
    }

    /**
     * Units of one SKU shipped on one business day, fed by many orders: {@code applied} is the stream position of
     * the last order counted, so an order delivered again is not counted twice.
     */
    record ShippedUnits(String id, String sku, String day, long units, AppliedToken applied) {

        static String idOf(String sku, LocalDate day) {
            return sku + "|" + day;
        }

        static List<String> idsOf(SalesOrderRecorded order) {
            LocalDate day = BusinessCalendar.day(order.shippedAt());
            return order.lines().stream().map(line -> idOf(line.sku().value(), day)).distinct().toList();
        }
    }
}
