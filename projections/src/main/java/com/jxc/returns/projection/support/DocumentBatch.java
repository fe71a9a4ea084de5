package com.jxc.returns.projection.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents one batch of events reads and changes. A streaming processor hands its handlers events in batches;
 * each document is read at most once per batch and written once, with one bulk write per collection when the batch
 * commits and before its token is stored. Outside a unit of work (plain unit tests) every change is written at once.
 */
public final class DocumentBatch {

    private static final String RESOURCE = DocumentBatch.class.getName();
    private static final Document ABSENT = new Document();

    private final MongoDatabase database;
    private final Map<String, Map<String, Document>> read = new HashMap<>();
    private final Map<String, Map<String, Document>> changed = new LinkedHashMap<>();
    private boolean writeThrough;

    private DocumentBatch(MongoDatabase database) {
        this.database = database;
    }

    /** The batch of the unit of work in progress, or a batch that writes through when none is. */
    public static DocumentBatch current(MongoDatabase database) {
        if (!CurrentUnitOfWork.isStarted()) {
            var writingThrough = new DocumentBatch(database);
            writingThrough.writeThrough = true;
            return writingThrough;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> {
            var batch = new DocumentBatch(database);
            root.onPrepareCommit(unitOfWork -> batch.flush());
            return batch;
        });
    }

    public Optional<Document> find(String collection, String id) {
        Document pending = changed.getOrDefault(collection, Map.of()).get(id);
        if (pending != null) {
            return Optional.of(pending);
        }
        Document document = read.computeIfAbsent(collection, c -> new HashMap<>()).computeIfAbsent(id, key -> {
            Document stored = collection(collection).find(Filters.eq("_id", key)).first();
            return stored == null ? ABSENT : stored;
        });
        return document == ABSENT ? Optional.empty() : Optional.of(document);
    }

    /** Loads the given documents with one query, so later {@link #find}s in this batch hit memory. */
    public void prefetch(String collection, List<String> ids) {
        Map<String, Document> known = read.computeIfAbsent(collection, c -> new HashMap<>());
        List<String> missing = ids.stream().distinct().filter(id -> !known.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(id -> known.put(id, ABSENT));
        collection(collection).find(Filters.in("_id", missing))
                .forEach(document -> known.put(document.get("_id").toString(), document));
    }

    /** Replaces (or inserts) the document with this {@code _id}. */
    public void put(String collection, Document document) {
        String id = document.get("_id").toString();
        changed.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(id, document);
        if (writeThrough) {
            flush();
        }
    }

    void flush() {
        changed.forEach((collection, documents) -> {
            List<WriteModel<Document>> writes = new ArrayList<>(documents.size());
            documents.forEach((id, document) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), document,
                    new ReplaceOptions().upsert(true))));
            if (!writes.isEmpty()) {
                collection(collection).bulkWrite(writes, new BulkWriteOptions().ordered(true));
            }
            read.computeIfAbsent(collection, c -> new HashMap<>()).putAll(documents);
        });
        changed.clear();
    }

    private MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }
}
