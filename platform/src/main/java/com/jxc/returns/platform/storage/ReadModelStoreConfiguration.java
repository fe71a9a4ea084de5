package com.jxc.returns.platform.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.jxc.returns.platform.health.ReadStoreChecks;
import com.jxc.returns.projection.returns.ReturnWorklist;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.lifecycle.Phase;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import com.jxc.returns.projection.support.ReadModelDurability;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * MongoDB for read models and tracking tokens: a real MongoDB when {@code returns.mongodb.uri} is set, otherwise the
 * embedded server. Only features both support are used: no sessions, no transactions, `_id`-keyed hot paths.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelStoreConfiguration {

    @Bean
    ReadStoreChecks readStoreChecks(Clock clock) {
        return new ReadStoreChecks(clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${returns.mongodb.uri:}'.isEmpty()")
    EmbeddedMongoServer embeddedMongoServer(StorageProperties storage, ReadStoreChecks checks) {
        return EmbeddedMongoServer.start(storage.dataDir().resolve("mongo"), storage.mongodb().embeddedPort(),
                storage.mongodb().embeddedCacheMb(), storage.mongodb().embeddedCommitInterval(), checks);
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(StorageProperties storage, ObjectProvider<EmbeddedMongoServer> embedded) {
        String uri = storage.mongodb().uri();
        var connection = new ConnectionString(uri.isBlank()
                ? embedded.getObject().connectionString("returns") : uri);
        var settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS))
                .writeConcern(connection.getWriteConcern() != null ? connection.getWriteConcern()
                        : WriteConcern.MAJORITY.withJournal(true))
                .build();
        return MongoClients.create(settings);
    }

    @Bean
    MongoDatabase readModelDatabase(MongoClient client, StorageProperties storage) {
        String uri = storage.mongodb().uri();
        String database = uri.isBlank() ? null : new ConnectionString(uri).getDatabase();
        return client.getDatabase(database == null ? "returns" : database);
    }

    @Bean
    ReadModelDurability readModelDurability(ObjectProvider<EmbeddedMongoServer> embedded) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        return server == null ? () -> { } : server::commit;
    }

    @Bean
    ReadModelSchemaCheck readModelSchema(MongoDatabase database, ReadStoreChecks checks, Clock clock) {
        return ReadModelSchemaCheck.run(database, checks, clock);
    }

    @Bean
    TokenJournal tokenJournal(MongoDatabase database, Serializer serializer) {
        return new TokenJournal(database, serializer);
    }

    /** Only once the documents have this release's shapes ({@code readModelSchema}): no processor reads before. */
    @Bean
    TokenStore tokenStore(MongoDatabase database, Serializer serializer, StorageProperties storage,
                          TokenJournal journal, ReadStoreChecks checks, ReadModelSchemaCheck readModelSchema) {
        // a batch's token is stored after its read-model writes, never before, and a token a crash left ahead of
        // its documents is moved back when its segment is claimed (see TokenStoredAfterReadModelWrites)
        return new TokenStoredAfterReadModelWrites(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .claimTimeout(storage.tokens().claimTimeout())
                .build(), journal, checks);
    }

    @Bean
    TokensAheadOfDocumentsCheck tokensAheadOfDocumentsCheck(TokenJournal journal, TokenStore tokenStore,
                                                            ReadStoreChecks checks) {
        return new TokensAheadOfDocumentsCheck(journal, tokenStore, checks);
    }

    /** Tokens a crash left ahead of their documents are moved back before this instance's processors start. */
    @Bean
    ConfigurerModule tokensCheckedBeforeProcessorsStart(ObjectProvider<TokensAheadOfDocumentsCheck> check) {
        return configurer -> configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, () -> check.getObject().run());
    }

    /**
     * The worklist index lives in each instance's memory, so its position does too: every instance folds it from the
     * start of the stream when it starts, without a database transaction per batch.
     */
    @Autowired
    void worklistIndexInMemory(EventProcessingConfigurer processing) {
        processing.registerTokenStore(ReturnWorklist.PROCESSING_GROUP, configuration -> new InMemoryTokenStore());
        processing.registerTransactionManager(ReturnWorklist.PROCESSING_GROUP,
                configuration -> NoTransactionManager.INSTANCE);
    }
}
