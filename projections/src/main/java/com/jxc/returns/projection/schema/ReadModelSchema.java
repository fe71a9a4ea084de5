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
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.time.Duration;
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
    private static final String FROM = "from";
    private static final String UPGRADING_SINCE = "upgradingSince";
    private static final String WRITTEN_AT = "writtenAt";
    private static final Duration WAIT_STEP = Duration.ofMillis(200);

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
     *
     * <p>Instances sharing a store upgrade it once: the version document is claimed by a conditional write (the
     * version moves on, with {@code upgradingSince}) before anything is dropped, and only the instance whose write
     * took resets; another waits, up to {@code patience}, until the upgrade is done, since its processors must not
     * write while collections are dropped. An upgrade still marked in progress after {@code patience} was left by an
     * instance that stopped in the middle: it is done again.
     */
    public static Optional<Upgrade> upgrade(MongoDatabase database, String tokenCollection, Instant now,
                                            Duration patience) {
        var schema = database.getCollection(COLLECTION);
        while (true) {
            Document stored = schema.find(Filters.eq("_id", ID)).first();
            Integer version = stored == null ? null : stored.getInteger("version");
            if (version != null && version > VERSION) {
                throw new IllegalStateException("The read-model store holds document shapes of version " + version
                        + ", newer than this release's " + VERSION + ": start the release that wrote it, or "
                        + "rebuild the read models into an empty store.");
            }
            if (version != null && version == VERSION) {
                if (!stored.containsKey(UPGRADING_SINCE) || awaitUpgradeElsewhere(schema, patience)) {
                    return Optional.empty();
                }
                return Optional.of(reset(database, tokenCollection, now, stored.getInteger(FROM, BEFORE_VERSIONS)));
            }
            if (version == null && !anyToken(database, tokenCollection) && !anyDocument(database)) {
                if (claim(schema, null, new Document("_id", ID).append("version", VERSION)
                        .append(WRITTEN_AT, Date.from(now)))) {
                    return Optional.empty();
                }
                continue;
            }
            int from = version == null ? BEFORE_VERSIONS : version;
            if (claim(schema, version, new Document("_id", ID).append("version", VERSION).append(FROM, from)
                    .append(UPGRADING_SINCE, Date.from(now)))) {
                return Optional.of(reset(database, tokenCollection, now, from));
            }
        }
    }

    /** Replaces the version document seen as {@code seenVersion} (absent when null); false if another got there. */
    private static boolean claim(MongoCollection<Document> schema, Integer seenVersion, Document claimed) {
        if (seenVersion == null) {
            try {
                schema.insertOne(claimed);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return schema.replaceOne(Filters.and(Filters.eq("_id", ID), Filters.eq("version", seenVersion),
                Filters.exists(UPGRADING_SINCE, false)), claimed).getModifiedCount() == 1;
    }

    /** Whether the upgrade another instance is doing ended within {@code patience}. */
    private static boolean awaitUpgradeElsewhere(MongoCollection<Document> schema, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(WAIT_STEP.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while another instance upgraded the read models", e);
            }
            Document stored = schema.find(Filters.eq("_id", ID)).first();
            if (stored != null && !stored.containsKey(UPGRADING_SINCE)) {
                return true;
            }
        }
        return false;
    }

    private static Upgrade reset(MongoDatabase database, String tokenCollection, Instant now, int from) {
        COLLECTIONS.values().forEach(names -> names.forEach(name -> database.getCollection(name).drop()));
        database.getCollection(tokenCollection).deleteMany(Filters.in("processorName", ReadModels.ALL));
        int rewritten = NotificationDeliveries.retypeKeptDocuments(database);
        database.getCollection(COLLECTION).replaceOne(Filters.eq("_id", ID),
                new Document("_id", ID).append("version", VERSION).append(WRITTEN_AT, Date.from(now)));
        return new Upgrade(from, VERSION, rewritten);
    }

    private static boolean anyToken(MongoDatabase database, String tokenCollection) {
        return database.getCollection(tokenCollection).find(Filters.in("processorName", ReadModels.ALL)).first()
                != null;
    }

    private static boolean anyDocument(MongoDatabase database) {
        return COLLECTIONS.values().stream().flatMap(List::stream)
                .anyMatch(name -> database.getCollection(name).find().first() != null);
    }
}
