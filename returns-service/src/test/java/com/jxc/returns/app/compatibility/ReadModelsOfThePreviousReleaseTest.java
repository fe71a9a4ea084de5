package com.jxc.returns.app.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.platform.health.ReadStoreChecks;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import com.jxc.returns.platform.storage.EmbeddedMongoServer;
import com.jxc.returns.projection.schema.ReadModelSchema;
import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read-model store written by the release before typed documents ({@code fixtures/store-boot-3.5}'s read models,
 * exactly as that release stored them: amounts and instants as strings, tokens at the head of the stream) is
 * upgraded at start: every read model rebuilt once from the event stream into the typed shapes, recorded as a
 * repair of the read-store check {@code schema}, and the service answers exactly as that release did.
 */
@ServiceTest
class ReadModelsOfThePreviousReleaseTest extends ServiceOverHttp {

    @Autowired
    MongoDatabase database;
    @Autowired
    ReadStoreChecks checks;

    @Test
    void readModelsStoredAsStringsAreRebuiltTypedAndAnswerAsTheReleaseThatWroteThemDid() throws Exception {
        JsonNode expected = StoreObservation.parse(StoreWrittenByPreviousReleaseTest.resource("observed.json"));

        StoreObservation.awaitCaughtUp(http);
        assertThat(checks.repairs()).as("repairs of the read-store checks")
                .anySatisfy(repair -> assertThat(repair.what())
                        .startsWith("read models rebuilt: schema 1 → " + ReadModelSchema.VERSION));
        StoreWrittenByPreviousReleaseTest.assertSameAnswers(StoreObservation.observe(http, database), expected);

        assertThat(database.getCollection(ReadModelSchema.COLLECTION).find().first().getInteger("version"))
                .isEqualTo(ReadModelSchema.VERSION);
        List<Document> returns = database.getCollection("returns").find().into(new ArrayList<>());
        assertThat(returns).hasSize(expected.at("/readModels/returns").size()).allSatisfy(view -> {
            Document request = view.get("request", Document.class);
            assertThat(request.get("requestValue")).isInstanceOf(Decimal128.class);
            assertThat(request.get("requestedAt")).isInstanceOf(Date.class);
            assertThat(view.get("updatedAt")).isInstanceOf(Date.class);
            assertThat(view).doesNotContainKeys("requestedAtMillis", "updatedAtMillis");
        });
        assertThat(database.getCollection("ledger_entries").find().into(new ArrayList<>())).isNotEmpty()
                .allSatisfy(entry -> {
                    assertThat(entry.get("occurredAt")).isInstanceOf(Date.class);
                    assertThat(entry.getList("lines", Document.class))
                            .allSatisfy(line -> assertThat(line.get("debit")).isInstanceOf(Decimal128.class));
                });
    }

    /**
     * Before any bean opens them: the fixture's event store, and a read-model store holding the fixture's read models
     * as the previous release stored them, with every processor's token at the head of the stream.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class PreviousReleaseStores implements BeanFactoryPostProcessor, EnvironmentAware {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            var eventStore = new StoreWrittenByPreviousReleaseTest.OldEventStore();
            eventStore.setEnvironment(environment);
            eventStore.postProcessBeanFactory(beanFactory);
            Path dataDir = Path.of(environment.getRequiredProperty("returns.data-dir"));
            try (var server = EmbeddedMongoServer.start(dataDir.resolve("mongo"), 0);
                 var client = MongoClients.create(server.connectionString("returns"))) {
                MongoDatabase database = client.getDatabase("returns");
                JsonNode observed = StoreObservation.parse(
                        StoreWrittenByPreviousReleaseTest.resource("observed.json"));
                observed.get("readModels").fields().forEachRemaining(collection -> {
                    List<Document> documents = new ArrayList<>();
                    collection.getValue().forEach(document -> documents.add(Document.parse(document.toString())));
                    database.getCollection(collection.getKey()).insertMany(documents);
                });
                var tokens = MongoTokenStore.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                        .serializer(JacksonSerializer.builder()
                                .objectMapper(SerializationConfiguration.messageMapper()).build())
                        .build();
                long head = headPosition();
                for (String processor : ReadModels.ALL) {
                    tokens.initializeTokenSegments(processor, 1, GapAwareTrackingToken.newInstance(head, Set.of()));
                }
                server.commit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static long headPosition() throws IOException {
            String exported = StoreWrittenByPreviousReleaseTest.resource("events.jsonl");
            String last = exported.lines().reduce((first, second) -> second).orElseThrow();
            return StoreObservation.parse(last).get("position").asLong();
        }
    }
}
