package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.health.ReadStoreChecks;
import com.jxc.returns.projection.schema.ReadModelSchema;
import com.mongodb.client.MongoDatabase;

import java.time.Clock;
import java.time.Duration;

/**
 * The read-store check {@value #NAME}: at start, before any processor has a token store to read, brings the
 * read-model documents to this release's shapes ({@link ReadModelSchema}); an older store has its read models
 * dropped and its processors reset, so they rebuild from the event stream once. Done on the embedded store and on a
 * real MongoDB alike: the version document is what tells an upgraded store from a current one.
 */
public final class ReadModelSchemaCheck {

    static final String NAME = "schema";
    /** How long to wait for another instance's upgrade of the same store before taking it to have died in it. */
    private static final Duration UPGRADE_ELSEWHERE = Duration.ofMinutes(1);

    private ReadModelSchemaCheck() {
    }

    static ReadModelSchemaCheck run(MongoDatabase database, ReadStoreChecks checks, Clock clock) {
        try (var running = checks.start(NAME)) {
            ReadModelSchema.upgrade(database, StoredTokenPositions.COLLECTION, clock.instant(), UPGRADE_ELSEWHERE)
                    .ifPresent(upgrade ->
                    checks.repaired(NAME, "read models rebuilt: schema " + upgrade.from() + " → " + upgrade.to()
                            + " (every read model dropped and replayed from the event stream; "
                            + upgrade.keptDocumentsRewritten() + " kept delivery documents rewritten)"));
        }
        return new ReadModelSchemaCheck();
    }
}
