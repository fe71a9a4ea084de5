package com.jxc.returns.projection.support;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The documents one batch of events reads and changes. A streaming processor hands its handlers events in batches;
 * each document is read at most once per batch and written once, with one bulk write per collection when the batch
 * commits and before its token is stored. A document read or written as a record is decoded at most once and
 * encoded only when written, so the events of one return in a batch share one read model object. Documents are kept
 * as the driver's encoded BSON: read as the server sent them (decoded only when the batch asks for one), and a
 * record put with {@link #putRecord} encoded straight from its components; a document whose bytes are those the batch
 * read is not written again. Collections are written in the order the batch first touched them
 * (by {@link #prefetchForBatch} or a {@code put}). Outside a unit of work (plain unit tests) every change is written
 * at once.
 */
public final class DocumentBatch {

    private static final String RESOURCE = DocumentBatch.class.getName();
    private static final Logger log = LoggerFactory.getLogger(DocumentBatch.class);
    private static final RawBsonDocument ABSENT = new RawBsonDocument(new byte[] {5, 0, 0, 0, 0});
    private static final Function<Object, RawBsonDocument> ENCODED_DOCUMENT =
            document -> new RawBsonDocument((Document) document, DocumentMapper.DOCUMENTS);

    /**
     * A change not yet written: a document, or a record with the function that encodes it; {@code created}: a
     * document the event creates, unless it was handled before.
     */
    private record Pending(Object value, Function<Object, RawBsonDocument> encode, boolean created) {

        RawBsonDocument encoded() {
            return encode.apply(value);
        }

        boolean isDocument() {
            return encode == ENCODED_DOCUMENT;
        }
    }

    private final MongoDatabase database;
    /** The documents as stored, encoded; decoded only when the batch asks for one. */
    private final Map<String, Map<String, RawBsonDocument>> read = new HashMap<>();
    private final Map<String, Map<String, Object>> decoded = new HashMap<>();
    private final Map<String, Map<String, Pending>> changed = new LinkedHashMap<>();
    private final Set<String> prefetchedForBatch = new HashSet<>();
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

    /**
     * The record with this id as this batch sees it: what the batch put last, or the stored document decoded once by
     * {@code decode}. Use one record type per collection.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(String collection, String id, Function<Document, T> decode) {
        Pending pending = changed.getOrDefault(collection, Map.of()).get(id);
        if (pending != null) {
            return Optional.of(pending.isDocument() ? decode.apply((Document) pending.value()) : (T) pending.value());
        }
        Map<String, Object> known = decoded.computeIfAbsent(collection, c -> new HashMap<>());
        Object value = known.get(id);
        if (value == null) {
            RawBsonDocument stored = stored(collection, id);
            value = stored == ABSENT ? ABSENT : decode.apply(stored.decode(DocumentMapper.DOCUMENTS));
            known.put(id, value);
        }
        return value == ABSENT ? Optional.empty() : Optional.of((T) value);
    }

    private RawBsonDocument stored(String collection, String id) {
        return read.computeIfAbsent(collection, c -> new HashMap<>()).computeIfAbsent(id, key -> {
            RawBsonDocument stored = collection(collection).find(Filters.eq("_id", key)).first();
            return stored == null ? ABSENT : stored;
        });
    }

    /** Loads the given documents with one query, so later {@link #find}s in this batch hit memory. */
    private void prefetch(String collection, List<String> ids) {
        Map<String, RawBsonDocument> known = read.computeIfAbsent(collection, c -> new HashMap<>());
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (known.putIfAbsent(id, ABSENT) == null) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        collection(collection).find(Filters.in("_id", missing)).forEach(document -> known.put(idOf(document), document));
    }

    /**
     * Loads, with one query, the documents of {@code collection} that the whole batch of events will ask for: the ids
     * {@code idsOf} names for each event payload of the unit of work's batch. Done once per collection and batch.
     */
    public void prefetchForBatch(String collection, Function<Object, Collection<String>> idsOf) {
        if (writeThrough || !prefetchedForBatch.add(collection)) {
            return;
        }
        changed.computeIfAbsent(collection, c -> new LinkedHashMap<>());
        if (CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) {
            List<String> ids = new ArrayList<>();
            for (Message<?> message : batch.getMessages()) {
                ids.addAll(idsOf.apply(message.getPayload()));
            }
            prefetch(collection, ids);
        }
    }

    private static String idOf(RawBsonDocument document) {
        BsonValue id = document.get("_id");
        return id.isString() ? id.asString().getValue()
                : id.isObjectId() ? id.asObjectId().getValue().toString() : id.toString();
    }

    /** Replaces (or inserts) the document with this {@code _id}. */
    public void put(String collection, Document document) {
        put(collection, document.get("_id").toString(), new Pending(document, ENCODED_DOCUMENT, false));
    }

    /**
     * Inserts a document that the event being handled creates, under an id no other event gives a document (a
     * posting, an outbox entry), without reading first whether it exists: should it exist, because the event is
     * handled again after a crash or over documents a rebuild already wrote, it is replaced.
     */
    public void putNew(String collection, Document document) {
        put(collection, document.get("_id").toString(), new Pending(document, ENCODED_DOCUMENT, true));
    }

    /** Replaces (or inserts) the document with this {@code id}: {@code value}, encoded when the batch is written. */
    public <T> void put(String collection, String id, T value, Function<T, Document> encode) {
        put(collection, id, new Pending(value, record -> ENCODED_DOCUMENT.apply(encode.apply(cast(record))), false));
    }

    /**
     * Replaces (or inserts) the document of a record ({@link DocumentMapper}'s document of it, under this
     * {@code id}), encoded when the batch is written; read it back with {@link DocumentMapper#fromDocument}.
     */
    public void putRecord(String collection, String id, Object record) {
        put(collection, id, new Pending(record, value -> DocumentMapper.toBson(id, value), false));
    }

    /** {@link #putNew} for a record, as {@link #putRecord} writes it. */
    public void putNewRecord(String collection, String id, Object record) {
        put(collection, id, new Pending(record, value -> DocumentMapper.toBson(id, value), true));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private void put(String collection, String id, Pending pending) {
        changed.computeIfAbsent(collection, c -> new LinkedHashMap<>()).put(id, pending);
        if (writeThrough) {
            flush();
        }
    }

    void flush() {
        changed.forEach((collection, pending) -> {
            Map<String, RawBsonDocument> known = read.getOrDefault(collection, Map.of());
            List<WriteModel<RawBsonDocument>> writes = new ArrayList<>(pending.size());
            Map<String, RawBsonDocument> documents = new LinkedHashMap<>();
            pending.forEach((id, change) -> {
                RawBsonDocument document = change.encoded();
                RawBsonDocument stored = known.get(id);
                if (stored != null && stored != ABSENT && sameBytes(document, stored)) {
                    return;
                }
                documents.put(id, document);
                boolean absent = stored == ABSENT || stored == null && change.created();
                writes.add(absent ? new InsertOneModel<>(document) : upsert(id, document));
            });
            if (!writes.isEmpty()) {
                write(collection, writes, documents);
            }
        });
        // what the batch read is out of date now: a later find (outside a unit of work) reads the store again
        changed.clear();
        read.clear();
        decoded.clear();
        prefetchedForBatch.clear();
    }

    /** Whether two encoded documents are the same bytes: a document the server read back as it was written. */
    private static boolean sameBytes(RawBsonDocument one, RawBsonDocument other) {
        return one.getByteBuffer().asNIO().equals(other.getByteBuffer().asNIO());
    }

    /**
     * One bulk write: a document this batch saw absent, or one an event creates, is inserted, any other replaced. An
     * insert is much cheaper than an upsert, and a rebuild inserts nearly everything. Should an insert fail because
     * the document exists (an event handled again; a document seen absent cannot appear meanwhile while this
     * processor owns the segment), the batch is written again as idempotent upserts.
     */
    private void write(String collection, List<WriteModel<RawBsonDocument>> writes,
                       Map<String, RawBsonDocument> documents) {
        try {
            collection(collection).bulkWrite(writes, new BulkWriteOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            log.info("Some of {} documents written to {} existed already ({}); writing them again as upserts",
                    documents.size(), collection, e.getWriteErrors().get(0).getMessage());
            List<WriteModel<RawBsonDocument>> upserts = new ArrayList<>(documents.size());
            documents.forEach((id, document) -> upserts.add(upsert(id, document)));
            collection(collection).bulkWrite(upserts, new BulkWriteOptions().ordered(true));
        }
    }

    private static WriteModel<RawBsonDocument> upsert(String id, RawBsonDocument document) {
        return new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    private MongoCollection<RawBsonDocument> collection(String name) {
        return database.getCollection(name, RawBsonDocument.class);
    }
}
