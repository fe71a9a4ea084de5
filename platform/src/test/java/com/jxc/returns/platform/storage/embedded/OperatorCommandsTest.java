package com.jxc.returns.platform.storage.embedded;

import com.jxc.returns.platform.storage.EmbeddedMongoServer;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store as the MongoDB driver sees it: the handshake, and what it says about its query plans. */
@ExtendWith(OutputCaptureExtension.class)
class OperatorCommandsTest {

    @TempDir
    static Path dataDir;

    static EmbeddedMongoServer server;
    static MongoClient client;
    static MongoDatabase database;
    static MongoCollection<Document> returns;

    @BeforeAll
    static void start() {
        server = EmbeddedMongoServer.start(dataDir, 0);
        client = MongoClients.create(server.connectionString("returns"));
        database = client.getDatabase("returns");
        returns = database.getCollection("returns");
        returns.insertMany(List.of(
                new Document("_id", "R-1").append("orderId", "SO-1").append("state", "REQUESTED"),
                new Document("_id", "R-2").append("orderId", "SO-2").append("state", "APPROVED"),
                new Document("_id", "R-3").append("orderId", "SO-3").append("state", "REQUESTED")));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void helloAnswersWithMongoDb50sWireVersionAndNothingThatWouldSwitchOnSessionsOrStreaming() {
        Document hello = database.runCommand(new Document("hello", 1));

        assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
        assertThat(hello.getInteger("maxWireVersion")).isEqualTo(13);
        assertThat(hello).doesNotContainKeys("ismaster", "topologyVersion", "logicalSessionTimeoutMinutes", "setName");
        assertThat(database.runCommand(new Document("buildInfo", 1)).getString("version")).isEqualTo("5.0.0");
        assertThat(client.getClusterDescription().getServerDescriptions())
                .singleElement().satisfies(description -> assertThat(description.getMaxWireVersion()).isEqualTo(13));
    }

    @Test
    void isMasterSaysHelloIsUnderstoodWhenTheClientAsks() {
        Document legacy = database.runCommand(new Document("isMaster", 1).append("helloOk", true));

        assertThat(legacy.getBoolean("ismaster")).isTrue();
        assertThat(legacy.getBoolean("helloOk")).isTrue();
        assertThat(legacy.getInteger("maxWireVersion")).isEqualTo(13);
        assertThat(database.runCommand(new Document("isMaster", 1))).doesNotContainKey("helloOk");
    }

    @Test
    void aFindByIdIsExplainedAsAFetchThroughTheUniqueIdIndex() {
        Document plan = winningPlan(returns.find(Filters.eq("_id", "R-2")).explain());

        assertThat(plan.getString("stage")).isEqualTo("FETCH");
        Document scan = plan.get("inputStage", Document.class);
        assertThat(scan.getString("stage")).isEqualTo("IXSCAN");
        assertThat(scan.getString("indexName")).isEqualTo("_id_");
        assertThat(scan.get("keyPattern", Document.class)).isEqualTo(new Document("_id", 1));
        assertThat(scan.getBoolean("isUnique")).isTrue();
    }

    @Test
    void aFindOnAnyOtherFieldIsExplainedAsACollectionScanThenSortSkipLimitAndProjectionInMemory() {
        Document explained = returns.find(Filters.eq("state", "REQUESTED")).sort(Sorts.descending("orderId"))
                .skip(1).limit(5).projection(new Document("state", 1)).explain();
        Document plan = winningPlan(explained);

        assertThat(stages(plan)).containsExactly("PROJECTION_DEFAULT", "LIMIT", "SKIP", "SORT", "COLLSCAN");
        assertThat(innermost(plan).get("filter", Document.class)).isEqualTo(new Document("state", "REQUESTED"));
        assertThat(explained.get("queryPlanner", Document.class).getString("namespace")).isEqualTo("returns.returns");
        assertThat(explained.get("serverInfo", Document.class).getInteger("port")).isEqualTo(server.port());
    }

    @Test
    void aUniqueSecondaryIndexIsExplainedWhenItAnswersTheFilterAndNotWhenTheFilterNamesMore() {
        MongoCollection<Document> orders = database.getCollection("orders");
        orders.insertOne(new Document("_id", 1).append("orderId", "SO-1").append("customer", "C-1"));
        orders.createIndex(new Document("orderId", 1), new IndexOptions().unique(true));

        Document byOrder = winningPlan(orders.find(Filters.eq("orderId", "SO-1")).explain());
        Document byOrderAndCustomer = winningPlan(orders.find(Filters.and(Filters.eq("orderId", "SO-1"),
                Filters.eq("customer", "C-1"))).explain());

        assertThat(stages(byOrder)).containsExactly("FETCH", "IXSCAN");
        assertThat(innermost(byOrder).getString("indexName")).isEqualTo("orderId_1");
        assertThat(stages(byOrderAndCustomer)).containsExactly("COLLSCAN");
    }

    /** The store's own backend maintains non-unique indexes (StoreBackend): created, listed, used and explained. */
    @Test
    void aNonUniqueIndexIsCreatedListedAndExplainedAsTheIndexTheStoreUses() {
        MongoCollection<Document> shipments = database.getCollection("shipments");
        shipments.insertOne(new Document("_id", 1).append("carrier", "SF").append("trackingNo", "T-1"));
        shipments.insertOne(new Document("_id", 2).append("carrier", "EMS").append("trackingNo", "T-2"));

        shipments.createIndexes(List.of(
                new IndexModel(new Document("trackingNo", 1), new IndexOptions().unique(true)),
                new IndexModel(new Document("carrier", 1), new IndexOptions().name("by_carrier"))));

        assertThat(indexNames(shipments)).containsExactlyInAnyOrder("_id_", "trackingNo_1", "by_carrier");
        Document byCarrier = winningPlan(shipments.find(Filters.eq("carrier", "SF")).explain());
        assertThat(stages(byCarrier)).containsExactly("FETCH", "IXSCAN");
        assertThat(innermost(byCarrier).getString("indexName")).isEqualTo("by_carrier");
        assertThat(innermost(byCarrier).getBoolean("isUnique")).isFalse();
        assertThat(shipments.find(Filters.eq("carrier", "SF")).first()).containsEntry("_id", 1);
    }

    @Test
    void aCountIsExplainedAsTheCollectionsOwnCountOrAsTheScanItRuns() {
        Document all = database.runCommand(new Document("explain", new Document("count", "returns")));
        Document some = database.runCommand(new Document("explain", new Document("count", "returns")
                .append("query", new Document("state", "APPROVED")).append("limit", 1)));

        assertThat(stages(winningPlan(all))).containsExactly("COUNT", "RECORD_STORE_FAST_COUNT");
        assertThat(stages(winningPlan(some))).containsExactly("COUNT", "LIMIT", "COLLSCAN");
    }

    @Test
    void anAggregationIsExplainedAsAScanOfEveryDocumentFollowedByItsStagesAndIsNotRun() {
        List<Document> pipeline = List.of(new Document("$match", new Document("state", "REQUESTED")),
                new Document("$group", new Document("_id", "$state").append("n", new Document("$sum", 1))));

        Document byDriver = returns.aggregate(pipeline).explain();
        Document byFlag = database.runCommand(new Document("aggregate", "returns").append("pipeline", pipeline)
                .append("explain", true));

        for (Document explained : List.of(byDriver, byFlag)) {
            List<Document> stages = explained.getList("stages", Document.class);
            assertThat(stages).hasSize(3);
            Document cursor = stages.get(0).get("$cursor", Document.class);
            assertThat(winningPlan(cursor).getString("stage")).isEqualTo("COLLSCAN");
            assertThat(stages.subList(1, 3)).containsExactlyElementsOf(pipeline);
            assertThat(explained).doesNotContainKey("cursor");
        }
    }

    @Test
    void anExplainTheStoreCannotGiveHonestlyIsAClearError() {
        assertThatThrownBy(() -> database.runCommand(new Document("explain", new Document("find", "returns"))
                .append("verbosity", "executionStats")))
                .isInstanceOfSatisfying(MongoCommandException.class, error -> {
                    assertThat(error.getErrorCode()).isEqualTo(2);
                    assertThat(error.getErrorMessage()).contains("executionStats", "queryPlanner");
                });
        assertThatThrownBy(() -> database.runCommand(new Document("explain", new Document("distinct", "returns")
                .append("key", "state"))))
                .isInstanceOfSatisfying(MongoCommandException.class, error -> {
                    assertThat(error.getErrorCode()).isEqualTo(115);
                    assertThat(error.getErrorMessage()).contains("distinct", "find, aggregate and count");
                });
    }

    @Test
    void aChangeStreamIsRefusedAsOnAStandaloneMongoDb() {
        assertThatThrownBy(() -> returns.watch().cursor())
                .isInstanceOfSatisfying(MongoCommandException.class, error -> {
                    assertThat(error.getErrorCode()).isEqualTo(40573);
                    assertThat(error.getErrorMessage()).contains("replica sets");
                });
        assertThatThrownBy(() -> database.watch().cursor())
                .isInstanceOfSatisfying(MongoCommandException.class,
                        error -> assertThat(error.getErrorCode()).isEqualTo(40573));
    }

    @Test
    void droppingACollectionThatDoesNotExistIsNamespaceNotFoundAsOnMongoDb50WithoutAnErrorLogged(
            CapturedOutput output) {
        assertThatThrownBy(() -> database.runCommand(new Document("drop", "never-created")))
                .isInstanceOfSatisfying(MongoCommandException.class, error -> {
                    assertThat(error.getErrorCode()).isEqualTo(26);
                    assertThat(error.getErrorCodeName()).isEqualTo("NamespaceNotFound");
                    assertThat(error.getErrorMessage()).isEqualTo("ns not found");
                });
        database.getCollection("never-created").drop();
        MongoCollection<Document> dropped = database.getCollection("dropped");
        dropped.insertOne(new Document("_id", 1));
        dropped.drop();

        assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain("dropped");
        assertThat(output.getAll()).doesNotContain("failed to handle").doesNotContain("ns not found");
    }

    @Test
    void theFeatureCompatibilityVersionIsTheOneParameterThereIs() {
        MongoDatabase admin = client.getDatabase("admin");

        Document fcv = admin.runCommand(new Document("getParameter", 1).append("featureCompatibilityVersion", 1));

        assertThat(fcv.get("featureCompatibilityVersion", Document.class).getString("version")).isEqualTo("5.0");
        assertThatThrownBy(() -> admin.runCommand(new Document("getParameter", 1).append("logLevel", 1)))
                .isInstanceOfSatisfying(MongoCommandException.class,
                        error -> assertThat(error.getErrorCode()).isEqualTo(72));
    }

    private static List<String> indexNames(MongoCollection<Document> collection) {
        return collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
    }

    private static Document winningPlan(Document explained) {
        return explained.get("queryPlanner", Document.class).get("winningPlan", Document.class);
    }

    private static List<String> stages(Document plan) {
        var names = new java.util.ArrayList<String>();
        for (Document stage = plan; stage != null; stage = stage.get("inputStage", Document.class)) {
            names.add(stage.getString("stage"));
        }
        return names;
    }

    private static Document innermost(Document plan) {
        Document stage = plan;
        while (stage.get("inputStage") instanceof Document input) {
            stage = input;
        }
        return stage;
    }
}
