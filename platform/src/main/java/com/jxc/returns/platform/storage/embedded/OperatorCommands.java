package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What operators' tools need from the embedded store, around any mongo-java-server backend: an honest wire version
 * (so that current {@code mongosh} connects), {@code hello}, {@code explain} of find, aggregate and count. Every
 * other command goes to the backend as it came.
 *
 * <p>Why wire version 13 (MongoDB 5.0, the version the server has always named itself; mongo-java-server's own
 * {@code MONGO_5_0} pairs it with 4.2's wire version 8, which current {@code mongosh} refuses): the backend speaks
 * OP_MSG (wire 6), and nothing that wire versions 9 to 13 add is used by a driver unasked on this server. Checked in
 * the Node.js driver 7.9 (mongosh 2.12) and the Java driver 5.6: what they gate on those versions is either an
 * option the caller sets (hint on writes, commitQuorum, allowDiskUse, snapshot reads, {@code let}, the versioned
 * API), or replica-set and shard behaviour (writes through secondaries, resumable change streams), or switched on
 * by a field of the handshake this server does not send: streaming ("awaitable") {@code hello} needs
 * {@code topologyVersion}, sessions and retryable writes need {@code logicalSessionTimeoutMinutes}. Neither is
 * sent, so drivers poll with plain {@code hello} and never open a session here.
 */
public final class OperatorCommands implements MongoBackend {

    /** MongoDB 5.0's version and wire version. */
    public static final MongoVersion SERVED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(5, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 13;
        }
    };

    private static final int BAD_VALUE = 2;
    private static final int COMMAND_NOT_SUPPORTED = 115;

    private final MongoBackend backend;
    private volatile MongoVersion version = SERVED_VERSION;
    /** Without an oplog the backend fails on a change stream with a NullPointerException; it gets MongoDB's error. */
    private volatile boolean oplogEnabled;

    public OperatorCommands(MongoBackend backend) {
        this.backend = backend;
        backend.version(version);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document command = message.getDocument();
        Document answer = answeredHere(message.getChannel(), message.getDatabaseName(),
                command.keySet().iterator().next(), command);
        return answer != null ? answer : backend.handleMessage(message);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String name, Document command) {
        Document answer = answeredHere(channel, database, name, command);
        return answer != null ? answer : backend.handleCommand(channel, database, name, command);
    }

    /** The answer to a command this layer answers itself, or null for one the backend answers. */
    private Document answeredHere(Channel channel, String database, String name, Document command) {
        if (answersItself(name, command)) {
            return answer(channel, database, name, command);
        }
        return dropsMissingCollection(database, name, command) ? namespaceNotFound() : null;
    }

    /**
     * MongoDB 5.0 answers the drop of a collection that does not exist with NamespaceNotFound, which drivers take as
     * done; mongo-java-server answers the same but logs it as an error with its stack trace (every rebuild of a read
     * model that is still empty did).
     */
    private boolean dropsMissingCollection(String database, String name, Document command) {
        return name.equalsIgnoreCase("drop") && command.get("drop") instanceof String collection
                && backend.resolveDatabase(database).resolveCollection(collection, false) == null;
    }

    private static Document namespaceNotFound() {
        return new Document("ok", 0.0).append("errmsg", "ns not found").append("code", 26)
                .append("codeName", "NamespaceNotFound");
    }

    private boolean answersItself(String name, Document command) {
        return switch (name.toLowerCase()) {
            case "hello", "ismaster", "buildinfo", "explain", "getparameter" -> true;
            case "aggregate" -> Utils.isTrue(command.get("explain"))
                    || (!oplogEnabled && startsWithChangeStream(command));
            default -> false;
        };
    }

    private static boolean startsWithChangeStream(Document aggregate) {
        return aggregate.get("pipeline") instanceof List<?> pipeline && !pipeline.isEmpty()
                && pipeline.get(0) instanceof Document first && first.containsKey("$changeStream");
    }

    private Document answer(Channel channel, String database, String name, Document command) {
        return switch (name.toLowerCase()) {
            case "hello" -> hello(channel, database, command);
            case "ismaster" -> isMaster(channel, database, command);
            case "buildinfo" -> buildInfo(channel, database, command);
            case "getparameter" -> getParameter(command);
            case "explain" -> explain(channel, database, explained(command), verbosity(command));
            case "aggregate" -> {
                if (!Utils.isTrue(command.get("explain"))) {
                    throw new MongoServerError(40573, "Location40573", "The $changeStream stage is only "
                            + "supported on replica sets: the embedded read store keeps no oplog");
                }
                yield explain(channel, database, withoutExplainFlag(command), "queryPlanner");
            }
            default -> throw new IllegalStateException("not answered here: " + name);
        };
    }

    private Document isMaster(Channel channel, String database, Document command) {
        Document answer = backend.handleCommand(channel, database, "isMaster", command);
        answer.put("maxWireVersion", version.getWireVersion());
        if (Utils.isTrue(command.get("helloOk"))) {
            answer.put("helloOk", Boolean.TRUE);
        }
        return answer;
    }

    /** {@code isMaster}'s answer under {@code hello}'s name for being writable (MongoDB 4.4.2 and later). */
    private Document hello(Channel channel, String database, Document command) {
        Document legacy = isMaster(channel, database, command);
        Document answer = new Document("isWritablePrimary", legacy.get("ismaster"));
        legacy.forEach((field, value) -> {
            if (!field.equals("ismaster") && !field.equals("helloOk")) {
                answer.put(field, value);
            }
        });
        return answer;
    }

    private Document buildInfo(Channel channel, String database, Document command) {
        Document answer = backend.handleCommand(channel, database, "buildInfo", command);
        answer.put("version", version.toVersionString());
        answer.put("versionArray", version.getVersionArray());
        answer.put("gitVersion", "mongo-java-server");
        answer.put("storageEngines", List.of());
        answer.put("javascriptEngine", "none");
        return answer;
    }

    /** Only the feature compatibility version, which tools read to pick their commands. */
    private Document getParameter(Document command) {
        Document answer = new Document();
        if (command.containsKey("featureCompatibilityVersion") || "*".equals(command.get("getParameter"))) {
            List<Integer> numbers = version.getVersionArray();
            answer.put("featureCompatibilityVersion",
                    new Document("version", numbers.get(0) + "." + numbers.get(1)));
        }
        if (answer.isEmpty()) {
            throw new MongoServerError(72, "InvalidOptions", "no option found to get: the embedded read store "
                    + "has no server parameters but featureCompatibilityVersion");
        }
        Utils.markOkay(answer);
        return answer;
    }

    private static Document explained(Document command) {
        if (!(command.get("explain") instanceof Document explained) || explained.isEmpty()) {
            throw new MongoServerError(BAD_VALUE, "BadValue", "explain takes the command to explain as a document");
        }
        return explained;
    }

    /**
     * The plan only: the backend measures nothing while it runs a query. A client that names no verbosity (the Java
     * driver's {@code explain()}) gets the plan too — a real server would add execution figures, never replace it.
     */
    private static String verbosity(Document command) {
        Object verbosity = command.getOrDefault("verbosity", "queryPlanner");
        if (!"queryPlanner".equals(verbosity)) {
            throw new MongoServerError(BAD_VALUE, "BadValue", "explain verbosity '" + verbosity + "' is not "
                    + "supported by the embedded read store: it does not measure executions; use 'queryPlanner'");
        }
        return "queryPlanner";
    }

    private static Document withoutExplainFlag(Document aggregate) {
        Document command = new Document();
        aggregate.forEach((field, value) -> {
            if (!field.equals("explain")) {
                command.put(field, value);
            }
        });
        return command;
    }

    private Document explain(Channel channel, String database, Document explained, String verbosity) {
        String kind = explained.keySet().iterator().next();
        if (!(explained.get(kind) instanceof String collectionName)) {
            throw new MongoServerError(BAD_VALUE, "BadValue", "explain of '" + kind + "' needs a collection name");
        }
        String namespace = database + "." + collectionName;
        MongoCollection<?> collection = backend.resolveDatabase(database).resolveCollection(collectionName, false);
        Document answer = new Document("explainVersion", "1");
        switch (kind) {
            case "find" -> answer.put("queryPlanner", queryPlanner(namespace, filter(explained, "filter"),
                    findPlan(collection, explained)));
            case "count" -> answer.put("queryPlanner", queryPlanner(namespace, filter(explained, "query"),
                    countPlan(collection, explained)));
            case "aggregate" -> answer.put("stages", aggregateStages(namespace, collection, explained));
            default -> throw new MongoServerError(COMMAND_NOT_SUPPORTED, "CommandNotSupported", "explain of '"
                    + kind + "' is not supported by the embedded read store; it explains find, aggregate and count");
        }
        Document asked = new Document(explained);
        asked.putIfAbsent("$db", database);
        answer.put("command", asked);
        answer.put("serverInfo", serverInfo(channel));
        Utils.markOkay(answer);
        return answer;
    }

    private static Document filter(Document command, String field) {
        return command.get(field) instanceof Document filter ? filter : new Document();
    }

    private static Document queryPlanner(String namespace, Document filter, Document winningPlan) {
        return new Document("namespace", namespace)
                .append("indexFilterSet", false)
                .append("parsedQuery", filter)
                .append("winningPlan", winningPlan)
                .append("rejectedPlans", List.of());
    }

    /**
     * The plan mongo-java-server follows: the first of the collection's indexes that can answer the whole filter
     * (the filter names exactly the index's fields, by equality), else a scan of every document; then sort, skip,
     * limit and projection in memory, in that order.
     */
    private static Document findPlan(MongoCollection<?> collection, Document find) {
        if (collection == null) {
            return new Document("stage", "EOF");
        }
        Document plan = access(collection, filter(find, "filter"));
        if (find.get("sort") instanceof Document sort && !sort.isEmpty()) {
            plan = new Document("stage", "SORT").append("sortPattern", sort).append("type", "simple")
                    .append("inputStage", plan);
        }
        plan = skipAndLimit(plan, find.get("skip"), find.get("limit"));
        if (find.get("projection") instanceof Document projection && !projection.isEmpty()) {
            plan = new Document("stage", "PROJECTION_DEFAULT").append("transformBy", projection)
                    .append("inputStage", plan);
        }
        return plan;
    }

    /** An empty query is answered from the collection's document count; any other as a find without sort. */
    private static Document countPlan(MongoCollection<?> collection, Document count) {
        if (collection == null) {
            return new Document("stage", "EOF");
        }
        Document query = filter(count, "query");
        Document input = query.isEmpty() ? new Document("stage", "RECORD_STORE_FAST_COUNT")
                : skipAndLimit(access(collection, query), count.get("skip"), count.get("limit"));
        return new Document("stage", "COUNT").append("inputStage", input);
    }

    /** An aggregation always starts from every document: no stage is pushed down to an index. */
    private static List<Document> aggregateStages(String namespace, MongoCollection<?> collection,
                                                  Document aggregate) {
        Document scan = collection == null ? new Document("stage", "EOF")
                : new Document("stage", "COLLSCAN").append("direction", "forward");
        List<Document> stages = new ArrayList<>();
        stages.add(new Document("$cursor", new Document("queryPlanner",
                queryPlanner(namespace, new Document(), scan))));
        if (aggregate.get("pipeline") instanceof Collection<?> pipeline) {
            for (Object stage : pipeline) {
                if (stage instanceof Document document) {
                    stages.add(document);
                }
            }
        }
        return stages;
    }

    private static Document access(MongoCollection<?> collection, Document filter) {
        for (Index<?> index : collection.getIndexes()) {
            if (index.canHandle(filter)) {
                Document keyPattern = new Document();
                for (IndexKey key : index.getKeys()) {
                    keyPattern.put(key.getKey(), key.isAscending() ? 1 : -1);
                }
                Document scan = new Document("stage", "IXSCAN")
                        .append("keyPattern", keyPattern)
                        .append("indexName", index.getName())
                        .append("isMultiKey", false)
                        .append("isUnique", index instanceof AbstractUniqueIndex)
                        .append("direction", "forward");
                return new Document("stage", "FETCH").append("filter", filter).append("inputStage", scan);
            }
        }
        Document scan = new Document("stage", "COLLSCAN");
        if (!filter.isEmpty()) {
            scan.put("filter", filter);
        }
        return scan.append("direction", "forward");
    }

    private static Document skipAndLimit(Document plan, Object skip, Object limit) {
        if (skip instanceof Number amount && amount.longValue() > 0) {
            plan = new Document("stage", "SKIP").append("skipAmount", amount).append("inputStage", plan);
        }
        if (limit instanceof Number amount && amount.longValue() != 0) {
            plan = new Document("stage", "LIMIT").append("limitAmount", Math.abs(amount.longValue()))
                    .append("inputStage", plan);
        }
        return plan;
    }

    private Document serverInfo(Channel channel) {
        Document info = new Document("host", Utils.getHostName());
        if (channel != null && channel.localAddress() instanceof InetSocketAddress local) {
            info.put("port", local.getPort());
        }
        return info.append("version", version.toVersionString()).append("gitVersion", "mongo-java-server");
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        this.version = version;
        backend.version(version);
        return this;
    }

    @Override
    public void handleClose(Channel channel) {
        backend.handleClose(channel);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return backend.handleQuery(query);
    }

    @Override
    public void dropDatabase(String database) {
        backend.dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return backend.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return backend.getServerStatus();
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        backend.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return backend.getClock();
    }

    @Override
    public void enableOplog() {
        backend.enableOplog();
        oplogEnabled = true;
    }

    @Override
    public void disableOplog() {
        backend.disableOplog();
        oplogEnabled = false;
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return backend.resolveDatabase(database);
    }
}
