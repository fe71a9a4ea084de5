package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.Assert;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A collection whose documents are BSON in one map keyed by their normalized {@code _id}. */
final class StoreCollection extends AbstractSynchronizedMongoCollection<Key> {

    private final MVMap<Key, byte[]> documents;

    StoreCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                    MVMap<Key, byte[]> documents, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
        this.documents = documents;
    }

    MVMap<Key, byte[]> documents() {
        return documents;
    }

    Key positionOf(Document document) {
        return StoredBson.position(document, getIdField());
    }

    @Override
    protected Key addDocumentInternal(Document document) {
        Key position = getIdField() != null ? positionOf(document) : nextSequentialKey();
        byte[] previous = documents.putIfAbsent(position, StoredBson.encode(document));
        Assert.isNull(previous, () -> "Document with key '" + position + "' already existed in " + this);
        return position;
    }

    /**
     * A collection without identities (the index descriptions) keeps its documents in insertion order: big-endian
     * sequence numbers after the last one. Called inside the collection's lock.
     */
    private Key nextSequentialKey() {
        Key last = documents.lastKey();
        long next = last == null ? 0 : ByteBuffer.wrap(last.bytes()).getLong() + 1;
        return new Key(ByteBuffer.allocate(Long.BYTES).putLong(next).array());
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    protected Document getDocument(Key position) {
        return StoredBson.decode(documents.get(position));
    }

    @Override
    protected void removeDocument(Key position) {
        if (documents.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    protected Stream<DocumentWithPosition<Key>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(StoredBson.decode(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> stream;
        if (isNaturalDescending(orderBy)) {
            List<Document> all = new ArrayList<>(documents.values().stream().map(StoredBson::decode).toList());
            Collections.reverse(all);
            stream = all.stream();
        } else {
            stream = documents.values().stream().map(StoredBson::decode);
        }
        return matchDocumentsFromStream(stream, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * Documents an index found for the query. mongo-java-server matches each against the whole query again; for
     * {@code _id} in a list of plain values, which the {@code _id} index answers exactly, that would compare every
     * document found with every value of the list (a batch's prefetch of a few hundred documents: tens of thousands
     * of comparisons), so only the order, skip, limit and projection are applied.
     */
    @Override
    protected QueryResult matchDocuments(Document query, Iterable<Key> positions, Document orderBy, int numberToSkip,
                                         int limit, int batchSize, Document fieldSelector) {
        Stream<Document> found = StreamSupport.stream(positions.spliterator(), false).map(this::getDocument);
        return matchDocumentsFromStream(found, isIdInPlainValues(query) ? new Document() : query, orderBy,
                numberToSkip, limit, batchSize, fieldSelector);
    }

    private boolean isIdInPlainValues(Document query) {
        return query.size() == 1 && query.get(getIdField()) instanceof Document condition && condition.size() == 1
                && condition.get("$in") instanceof Collection<?> values
                && values.stream().allMatch(StoreCollection::isPlainValue);
    }

    private static boolean isPlainValue(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof ObjectId || value instanceof UUID;
    }

    @Override
    protected void handleUpdate(Key position, Document oldDocument, Document newDocument) {
        documents.put(position, StoredBson.encode(newDocument));
    }

    /** The size is the sum of the stored BSON, read when asked rather than kept on every write. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
    }

    @Override
    protected int getDataSize() {
        long size = 0;
        for (byte[] bytes : documents.values()) {
            size += bytes.length;
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /**
     * Compares every index with the documents and repairs what differs: a document stored under a key that is not
     * its {@code _id} is moved to it; an index entry whose document is gone or no longer has that key is removed;
     * a document's missing entry is added. Runs alone (before the server accepts connections).
     */
    synchronized void checkIndexes(Consumer<String> repairs) {
        if (getIdField() == null) {
            return;
        }
        checkPositions(repairs);
        List<CheckedIndex> checked = new ArrayList<>();
        for (Index<Key> index : getIndexes()) {
            if (index instanceof CheckedIndex checkedIndex) {
                checked.add(checkedIndex);
            }
        }
        if (checked.isEmpty()) {
            return;
        }
        for (CheckedIndex index : checked) {
            List<Key[]> dangling = new ArrayList<>();
            index.forEachEntry((key, position) -> {
                Document document = getDocument(position);
                if (document == null || !containsKey(index, document, key)) {
                    dangling.add(new Key[] {key, position});
                }
            });
            for (Key[] entry : dangling) {
                index.removeEntry(entry[0], entry[1]);
                repairs.accept(getFullName() + " index " + index.getName() + ": removed entry " + entry[0]
                        + " pointing to " + (documents.containsKey(entry[1]) ? "a document without that key, _id "
                        : "no document, _id ") + entry[1]);
            }
        }
        documents.entrySet().forEach(entry -> {
            Document document = StoredBson.decode(entry.getValue());
            for (CheckedIndex index : checked) {
                for (KeyValue keyValue : index.keysOf(document)) {
                    Key key = StoredBson.key(keyValue);
                    if (!index.holds(key, entry.getKey())) {
                        boolean restored = index.restore(key, entry.getKey());
                        repairs.accept(getFullName() + " index " + index.getName() + ": "
                                + (restored ? "re-added missing entry " : "cannot re-add entry (held by another document) ")
                                + key + " for _id " + entry.getKey());
                    }
                }
            }
        });
    }

    private static boolean containsKey(CheckedIndex index, Document document, Key key) {
        for (KeyValue keyValue : index.keysOf(document)) {
            if (StoredBson.key(keyValue).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private void checkPositions(Consumer<String> repairs) {
        List<Key> misplaced = new ArrayList<>();
        documents.entrySet().forEach(entry -> {
            if (!positionOf(StoredBson.decode(entry.getValue())).equals(entry.getKey())) {
                misplaced.add(entry.getKey());
            }
        });
        for (Key stored : misplaced) {
            byte[] bytes = documents.remove(stored);
            Key position = positionOf(StoredBson.decode(bytes));
            if (documents.putIfAbsent(position, bytes) == null) {
                repairs.accept(getFullName() + " _id: moved the document with _id " + position
                        + " from key " + stored + " to its _id");
            } else {
                repairs.accept(getFullName() + " _id: removed a stale copy of the document with _id " + position
                        + " stored under key " + stored);
            }
        }
    }
}
