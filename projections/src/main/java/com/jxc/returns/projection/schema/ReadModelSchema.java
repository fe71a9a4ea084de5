package com.jxc.returns.projection.schema;

import com.jxc.returns.projection.analytics.AnalyticsRepository;
import com.jxc.returns.projection.ledger.LedgerRepository;
import com.jxc.returns.projection.notification.NotificationDeliveries;
import com.jxc.returns.projection.notification.NotificationRepository;
import com.jxc.returns.projection.policy.PolicyVersionRepository;
import com.jxc.returns.projection.returns.ReturnViewRepository;
import com.jxc.returns.projection.salesorder.SalesOrderViewRepository;
import com.jxc.returns.projection.stock.StockLevelRepository;
import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of the read-model documents, by version, and the upgrade to this release's. The version is stored in
 * {@value #COLLECTION} once a store holds this release's shapes; a store whose version is older, or that has
 * tracking tokens of read models but no version (written before versions, with amounts and instants as strings),
 * has every read model dropped and its processor's tokens deleted, so that the processors replay the event stream
 * into the current shapes when they start. The documents a rebuild keeps (notification delivery states and their
 * queue) are rewritten in place.
 *
 * <p>Versions: 1 — amounts as decimal strings, instants as ISO-8601 strings, epoch-millisecond copies for sorting
 * (never stored as a version: a store without one is version 1); 2 — typed ({@code DocumentMapper}).
 */
public final class ReadModelSchema {

    public static final int VERSION = 2;
    /** The version of a store that has read models but no version document. */
    static final int BEFORE_VERSIONS = 1;
    public static final String COLLECTION = "read-model-schema";
    private static final String ID = "read-models";

    /** Every collection of each read model: what a rebuild drops. */
    public static final Map<String, List<String>> COLLECTIONS = Map.of(
            ReadModels.RETURNS, List.of(ReturnViewRepository.COLLECTION),
            ReadModels.STOCK_LEVELS, List.of(StockLevelRepository.COLLECTION),
            ReadModels.LEDGER, List.of(LedgerRepository.ENTRIES, LedgerRepository.ORDERS),
            ReadModels.ANALYTICS, List.of(AnalyticsRepository.FACTS, AnalyticsRepository.SHIPPED),
            ReadModels.NOTIFICATIONS, List.of(NotificationRepository.COLLECTION),
            ReadModels.POLICY_VERSIONS, List.of(PolicyVersionRepository.COLLECTION),
            ReadModels.SALES_ORDERS, List.of(SalesOrderViewRepository.COLLECTION));

    /** An upgrade done: the read models were dropped for a replay, from {@code from} to {@code to}. */
    public record Upgrade(int from, int to, int keptDocumentsRewritten) {
    }

    private ReadModelSchema() {
    }

    /**
     * Brings the store to {@link #VERSION} before any processor starts: nothing to do on a store at this version; a
     * store without read models (a new one) only gets the version document. Tokens live in {@code tokenCollection}
     * (the Axon Mongo extension's {@code processorName} field).
     */
    public static Optional<Upgrade> upgrade(MongoDatabase database, String tokenCollection, Instant now) {
        var schema = database.getCollection(COLLECTION);
        Document stored = schema.find(Filters.eq("_id", ID)).first();
        Integer version = stored == null ? null : stored.getInteger("version");
        if (version != null && version == VERSION) {
            return Optional.empty();
        }
        var tokens = database.getCollection(tokenCollection);
        boolean anyToken = tokens.find(Filters.in("processorName", ReadModels.ALL)).first() != null;
        if (version == null && !anyToken && !anyDocument(database)) {
            record(database, now);
            return Optional.empty();
        }
        if (version != null && version > VERSION) {
            throw new IllegalStateException("The read-model store holds document shapes of version " + version
                    + ", newer than this release's " + VERSION + ": start the release that wrote it, or rebuild "
                    + "the read models into an empty store.");
        }
        // documents first, tokens after: a crash in between leaves tokens, so the next start upgrades again
        COLLECTIONS.values().forEach(names -> names.forEach(name -> database.getCollection(name).drop()));
        tokens.deleteMany(Filters.in("processorName", ReadModels.ALL));
        int rewritten = NotificationDeliveries.retypeKeptDocuments(database);
        record(database, now);
        return Optional.of(new Upgrade(version == null ? BEFORE_VERSIONS : version, VERSION, rewritten));
    }

    private static boolean anyDocument(MongoDatabase database) {
        return COLLECTIONS.values().stream().flatMap(List::stream)
                .anyMatch(name -> database.getCollection(name).find().first() != null);
    }

    private static void record(MongoDatabase database, Instant now) {
        database.getCollection(COLLECTION).replaceOne(Filters.eq("_id", ID),
                new Document("_id", ID).append("version", VERSION).append("writtenAt", Date.from(now)),
                new ReplaceOptions().upsert(true));
    }
}
