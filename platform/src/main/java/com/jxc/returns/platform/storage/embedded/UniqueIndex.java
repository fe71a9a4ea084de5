package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.function.BiConsumer;

/** A unique index other than {@code _id}: its own map from the normalized key to the document's position. */
final class UniqueIndex extends AbstractUniqueIndex<Key> implements CheckedIndex {

    private final MVMap<Key, Key> entries;

    UniqueIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<Key, Key> entries) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    @Override
    protected Key removeDocument(KeyValue keyValue) {
        return entries.remove(StoredBson.key(keyValue));
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Key position) {
        return entries.putIfAbsent(StoredBson.key(keyValue), position) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Key>> getIterable() {
        return () -> entries.entrySet().stream()
                .map(entry -> Map.entry(StoredBson.keyValue(entry.getKey()), entry.getValue()))
                .iterator();
    }

    @Override
    protected Key getPosition(KeyValue keyValue) {
        return entries.get(StoredBson.key(keyValue));
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
    public Set<KeyValue> keysOf(Document document) {
        return isSparse() && CheckedIndex.lacksAllKeys(document, keys()) ? Set.of() : getKeyValues(document);
    }

    @Override
    public boolean holds(Key key, Key position) {
        return position.equals(entries.get(key));
    }

    @Override
    public boolean restore(Key key, Key position) {
        Key held = entries.putIfAbsent(key, position);
        return held == null || held.equals(position);
    }

    @Override
    public void removeEntry(Key key, Key position) {
        entries.remove(key, position);
    }

    @Override
    public void forEachEntry(BiConsumer<Key, Key> entry) {
        entries.entrySet().forEach(e -> entry.accept(e.getKey(), e.getValue()));
    }
}
