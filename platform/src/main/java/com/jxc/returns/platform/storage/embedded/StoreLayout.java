package com.jxc.returns.platform.storage.embedded;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * How the store file is laid out: one map per collection, keyed by the document's normalized {@code _id} (so the
 * {@code _id} index is the collection itself: a document cannot lose its {@code _id} entry), and one map per other
 * index. Collection names cannot contain {@code $}, so it separates a collection from its index names.
 */
final class StoreLayout {

    static final String DATA_PREFIX = "data:";
    static final String INDEX_PREFIX = "index:";

    private StoreLayout() {
    }

    static String dataMapName(String fullCollectionName) {
        return DATA_PREFIX + fullCollectionName;
    }

    static String indexMapName(String fullCollectionName, String indexName) {
        return INDEX_PREFIX + fullCollectionName + "$" + indexName;
    }

    static MVMap<Key, byte[]> documents(MVStore store, String fullCollectionName) {
        return store.openMap(dataMapName(fullCollectionName),
                new MVMap.Builder<Key, byte[]>().keyType(Key.TYPE).valueType(StoredBson.DOCUMENT));
    }

    /** A unique index maps its key to the document's position; a non-unique one maps key + position to position. */
    static MVMap<Key, Key> index(MVStore store, String fullCollectionName, String indexName) {
        return store.openMap(indexMapName(fullCollectionName, indexName),
                new MVMap.Builder<Key, Key>().keyType(Key.TYPE).valueType(Key.TYPE));
    }

    static List<String> databaseNames(MVStore store) {
        return store.getMapNames().stream()
                .filter(name -> name.startsWith(DATA_PREFIX))
                .map(name -> name.substring(DATA_PREFIX.length()))
                .map(fullName -> fullName.substring(0, fullName.indexOf('.')))
                .distinct()
                .toList();
    }

    static List<String> indexMapNames(MVStore store, String fullCollectionName) {
        String prefix = INDEX_PREFIX + fullCollectionName + "$";
        return store.getMapNames().stream().filter(name -> name.startsWith(prefix)).toList();
    }
}
