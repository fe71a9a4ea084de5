package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** A stored index other than {@code _id}, as the start-up check compares it with the documents. */
interface CheckedIndex {

    String getName();

    /** The keys this index must hold for {@code document} (none for a sparse index and a document without them). */
    Set<KeyValue> keysOf(Document document);

    boolean holds(Key key, Key position);

    /** Adds the entry; false if a unique index holds the key for another document. */
    boolean restore(Key key, Key position);

    void removeEntry(Key key, Key position);

    /** Every entry: its key and the position of the document it points to. */
    void forEachEntry(BiConsumer<Key, Key> entry);

    static boolean lacksAllKeys(Document document, List<String> fields) {
        return fields.stream().allMatch(field -> Utils.getSubdocumentValue(document, field) instanceof Missing);
    }
}
