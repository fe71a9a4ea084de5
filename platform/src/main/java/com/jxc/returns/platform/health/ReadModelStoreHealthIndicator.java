package com.jxc.returns.platform.health;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** MongoDB (embedded or real) answers a ping. */
@Component("mongo")
class ReadModelStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;

    ReadModelStoreHealthIndicator(MongoDatabase database) {
        this.database = database;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        database.runCommand(new Document("ping", 1));
        builder.up().withDetail("database", database.getName());
    }
}
