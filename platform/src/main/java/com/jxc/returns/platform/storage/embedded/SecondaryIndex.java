package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A non-unique index: one entry per document and key, stored as the key's bytes followed by the document's position
 * (BSON is prefix-free, so all entries of one key are one contiguous range). It answers equality and {@code $in}
 * on exactly its fields; the collection still matches every document it returns against the whole query.
 */
final class SecondaryIndex extends Index<Key> implements CheckedIndex {

    private final MVMap<Key, Key> entries;
    private final Function<Document, Key> positionOf;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<Key, Key> entries,
                   Function<Document, Key> positionOf) {
        super(name, keys, sparse);
        this.entries = entries;
        this.positionOf = positionOf;
    }

    /** Only the {@code _id} index tells a document's position; this one cannot from its keys alone. */
    @Override
    public Key getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Key> collection) {
        keysOf(document);
    }

    @Override
    public synchronized void add(Document document, Key position, MongoCollection<Key> collection) {
        for (KeyValue keyValue : keysOf(document)) {
            Key key = StoredBson.key(keyValue);
            entries.put(key.append(position), position);
        }
    }

    @Override
    public synchronized Key remove(Document document) {
        Key position = positionOf.apply(document);
        for (KeyValue keyValue : keysOf(document)) {
            entries.remove(StoredBson.key(keyValue).append(position));
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        if (!query.keySet().equals(keySet())) {
            return false;
        }
        for (Object value : query.values()) {
            if (!isEqualityValue(value) && !(keys().size() == 1 && isInQuery(value))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEqualityValue(Object value) {
        // null also matches missing fields and a list also matches itself as a whole: neither is a plain key lookup
        return value != null && !(value instanceof Map) && !(value instanceof Collection)
                && !BsonRegularExpression.isRegularExpression(value);
    }

    private static boolean isInQuery(Object value) {
        return value instanceof Document document && document.keySet().equals(Set.of("$in"))
                && document.get("$in") instanceof Collection<?> values
                && values.stream().allMatch(SecondaryIndex::isEqualityValue);
    }

    @Override
    public synchronized Iterable<Key> getPositions(Document query) {
        Set<Key> positions = new LinkedHashSet<>();
        if (keys().size() == 1 && query.get(keys().get(0)) instanceof Document in) {
            for (Object value : (Collection<?>) in.get("$in")) {
                collect(new KeyValue(List.of(value)).normalized(), positions);
            }
        } else {
            collect(new KeyValue(keys().stream().map(query::get).toList()).normalized(), positions);
        }
        return positions;
    }

    private void collect(KeyValue keyValue, Set<Key> positions) {
        Key prefix = StoredBson.key(keyValue);
        Cursor<Key, Key> cursor = entries.cursor(prefix);
        while (cursor.hasNext()) {
            Key entry = cursor.next();
            if (!entry.startsWith(prefix)) {
                return;
            }
            positions.add(cursor.getValue());
        }
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Key> collection) {
        keysOf(newDocument);
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Key position,
                                           MongoCollection<Key> collection) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            for (KeyValue keyValue : keysOf(oldDocument)) {
                entries.remove(StoredBson.key(keyValue).append(position));
            }
            add(newDocument, position, collection);
        }
    }

    @Override
    public void drop() {
    }

    @Override
    public Set<KeyValue> keysOf(Document document) {
        return isSparse() && CheckedIndex.lacksAllKeys(document, keys()) ? Set.of() : getKeyValues(document);
    }

    @Override
    public boolean holds(Key key, Key position) {
        return position.equals(entries.get(key.append(position)));
    }

    @Override
    public boolean restore(Key key, Key position) {
        entries.put(key.append(position), position);
        return true;
    }

    @Override
    public void removeEntry(Key key, Key position) {
        entries.remove(key.append(position));
    }

    /** The key of an entry is what precedes its position. */
    @Override
    public void forEachEntry(BiConsumer<Key, Key> entry) {
        entries.entrySet().forEach(e -> {
            Key position = e.getValue();
            byte[] joined = e.getKey().bytes();
            entry.accept(new Key(java.util.Arrays.copyOf(joined, joined.length - position.bytes().length)), position);
        });
    }
}
