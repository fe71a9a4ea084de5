package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * mongo-java-server's backend on an MVStore file that this class alone commits: every command runs under a read lock,
 * and a commit takes the write lock, so the file only ever holds whole commands. MVStore writes nothing by itself
 * (no background commit, no commit when its write buffer fills), and each commit is forced to the disk. After a
 * crash, of the process or of the machine, the file is at the last commit: every collection, index and tracking
 * token as of one instant between two commands.
 */
public final class StoreBackend extends AbstractMongoBackend {

    private static final Logger log = LoggerFactory.getLogger(StoreBackend.class);

    private static final int COMPACT_MILLIS = 2_000;

    private final MVStore store;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** One commit and its force to the disk at a time: a commit never lands on top of one still on its way. */
    private final Object commits = new Object();

    private StoreBackend(MVStore store) {
        this.store = store;
        for (String database : StoreLayout.databaseNames(store)) {
            resolveDatabase(database);
        }
    }

    /** Opens (or creates) the store file; {@code cacheMb} is MVStore's page cache. */
    public static StoreBackend open(Path file, int cacheMb) {
        return new StoreBackend(openStore(file, cacheMb));
    }

    static MVStore openStore(Path file, int cacheMb) {
        return new MVStore.Builder()
                .fileName(file.toString())
                .cacheSize(cacheMb)
                .autoCommitDisabled()
                // without this MVStore still commits on its own once its write buffer fills, in mid-command
                .autoCommitBufferSize(0)
                .open();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new StoreDatabase(databaseName, store, getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return underReadLock(() -> super.handleCommand(channel, databaseName, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return underReadLock(() -> super.handleQuery(query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return underReadLock(() -> super.handleMessage(message));
    }

    @Override
    public void handleClose(Channel channel) {
        underReadLock(() -> {
            super.handleClose(channel);
            return null;
        });
    }

    @Override
    public void dropDatabase(String database) {
        underReadLock(() -> {
            super.dropDatabase(database);
            return null;
        });
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        underReadLock(() -> {
            super.closeCursors(cursorIds);
            return null;
        });
    }

    private <T> T underReadLock(Supplier<T> action) {
        Lock read = lock.readLock();
        read.lock();
        try {
            return action.get();
        } finally {
            read.unlock();
        }
    }

    /**
     * Writes every command completed so far to the file, between two commands, and forces it to the disk before
     * another commit can start; returns the version committed (the store's current version is the one being written
     * after it). Commands go on while the disk catches up: until the next commit nothing else is written to the file.
     */
    public long commit() {
        synchronized (commits) {
            boolean written = false;
            long committed;
            lock.writeLock().lock();
            try {
                if (store.hasUnsavedChanges()) {
                    store.commit();
                    written = true;
                }
                committed = store.getCurrentVersion() - 1;
            } finally {
                lock.writeLock().unlock();
            }
            if (written) {
                store.sync();
            }
            return committed;
        }
    }

    /**
     * Compares every collection's every index with its documents and repairs what differs, then commits; each repair
     * is reported. Meant to run before clients connect.
     */
    public void checkIndexes(Consumer<String> repairs) {
        lock.writeLock().lock();
        try {
            for (String name : StoreLayout.databaseNames(store)) {
                ((StoreDatabase) resolveDatabase(name)).checkIndexes(repairs);
            }
            store.commit();
            store.sync();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Commits and compacts the file (nothing compacts it in the background), then closes it. */
    @Override
    public void close() {
        synchronized (commits) {
            lock.writeLock().lock();
            try {
                super.close();
                if (!store.isClosed()) {
                    store.commit();
                    compact();
                    if (!store.isClosed()) {
                        store.close();
                    }
                    log.info("Closed the read-model store");
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** Everything is committed: a compaction that fails leaves the file as it was committed. */
    private void compact() {
        try {
            store.compactFile(COMPACT_MILLIS);
        } catch (RuntimeException | AssertionError e) {
            log.warn("Compacting the read-model store failed; it stays as committed, uncompacted", e);
            store.closeImmediately();
        }
    }

    MVStore store() {
        return store;
    }
}
