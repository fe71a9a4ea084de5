package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static de.bwaldvogel.mongo.backend.Constants.ID_FIELD;

/** A database of the store: its collections' maps are named after the database (see {@link StoreLayout}). */
final class StoreDatabase extends AbstractSynchronizedMongoDatabase<Key> {

    private final MVStore store;

    StoreDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<Key> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        return new StoreCollection(this, collectionName, options, StoreLayout.documents(store, fullName),
                cursorRegistry);
    }

    @Override
    protected Index<Key> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                 boolean sparse) {
        String fullName = getFullCollectionNamespace(collectionName);
        if (keys.size() == 1 && keys.get(0).getKey().equals(ID_FIELD) && !sparse) {
            return new IdIndex(indexName, keys, StoreLayout.documents(store, fullName));
        }
        return new UniqueIndex(indexName, keys, sparse, StoreLayout.index(store, fullName, indexName));
    }

    @Override
    protected Index<Key> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String fullName = getFullCollectionNamespace(collectionName);
        return new SecondaryIndex(indexName, keys, sparse, StoreLayout.index(store, fullName, indexName),
                document -> StoredBson.position(document, ID_FIELD));
    }

    @Override
    protected void dropIndex(MongoCollection<Key> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String name = StoreLayout.indexMapName(collection.getFullName(), indexName);
        if (store.hasMap(name)) {
            store.removeMap(name);
        }
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        String prefix = databaseName + ".";
        for (String name : new ArrayList<>(store.getMapNames())) {
            if (name.startsWith(StoreLayout.DATA_PREFIX + prefix) || name.startsWith(StoreLayout.INDEX_PREFIX + prefix)) {
                store.removeMap(name);
            }
        }
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String fullName = getFullCollectionNamespace(collectionName);
        for (String name : StoreLayout.indexMapNames(store, fullName)) {
            store.removeMap(name);
        }
        store.removeMap(StoreLayout.dataMapName(fullName));
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String oldFullName = collection.getFullName();
        super.moveCollection(oldDatabase, collection, newCollectionName);
        String newFullName = getFullCollectionNamespace(newCollectionName);
        for (String name : StoreLayout.indexMapNames(store, oldFullName)) {
            String indexName = name.substring(name.lastIndexOf('$') + 1);
            store.renameMap(store.openMap(name), StoreLayout.indexMapName(newFullName, indexName));
        }
        store.renameMap(StoreLayout.documents(store, oldFullName), StoreLayout.dataMapName(newFullName));
    }

    @Override
    protected long getStorageSize() {
        return store.getFileStore() == null ? 0 : store.getFileStore().size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }

    /** Every collection's indexes against its documents, repaired where they differ. */
    void checkIndexes(Consumer<String> repairs) {
        for (String name : listCollectionNames()) {
            MongoCollection<Key> collection = resolveCollection(name, false);
            if (collection instanceof StoreCollection storeCollection) {
                storeCollection.checkIndexes(repairs);
            }
        }
    }

    private List<String> listCollectionNames() {
        String prefix = StoreLayout.DATA_PREFIX + databaseName + ".";
        return store.getMapNames().stream()
                .filter(name -> name.startsWith(prefix))
                .map(name -> name.substring(prefix.length()))
                .toList();
    }
}
