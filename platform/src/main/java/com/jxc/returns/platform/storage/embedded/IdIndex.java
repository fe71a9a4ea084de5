package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The {@code _id} index, which is the collection's document map itself: a document is stored under its normalized
 * {@code _id}, so there is no second map that a crash could leave behind it.
 */
final class IdIndex extends AbstractUniqueIndex<Key> {

    private final MVMap<Key, byte[]> documents;

    IdIndex(String name, List<IndexKey> keys, MVMap<Key, byte[]> documents) {
        super(name, keys, false);
        this.documents = documents;
    }

    /** The collection stored the document under this position already. */
    @Override
    public void add(Document document, Key position, MongoCollection<Key> collection) {
    }

    /** The collection removes the document at the position it returns. */
    @Override
    protected Key removeDocument(KeyValue keyValue) {
        return getPosition(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Key position) {
        return true;
    }

    @Override
    protected Iterable<Entry<KeyValue, Key>> getIterable() {
        return () -> {
            var keys = documents.keyIterator(null);
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return keys.hasNext();
                }

                @Override
                public Entry<KeyValue, Key> next() {
                    Key key = keys.next();
                    return Map.entry(StoredBson.keyValue(key), key);
                }
            };
        };
    }

    @Override
    protected Key getPosition(KeyValue keyValue) {
        Key key = StoredBson.key(keyValue);
        return documents.containsKey(key) ? key : null;
    }

    @Override
    public long getCount() {
        return documents.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
