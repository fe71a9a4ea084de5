package com.jxc.returns.app.readmodels;

import com.jxc.returns.platform.storage.SegmentSharing;
import com.jxc.returns.platform.storage.TokenJournal;
import com.jxc.returns.projection.schema.ReadModelSchema;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every read-model document, by collection and `_id`, without the bookkeeping a rebuild need not reproduce. */
public final class ReadModelSnapshot {

    /**
     * Tokens and their journal, delivery attempts and queues, processor instances' heartbeats, the documents' schema
     * version: state of the processing, not content of a read model.
     */
    public static final Set<String> NOT_REBUILT = Set.of("trackingtokens", TokenJournal.COLLECTION,
            "notification-deliveries", "notification-delivery-queue", SegmentSharing.COLLECTION,
            ReadModelSchema.COLLECTION);

    private ReadModelSnapshot() {
    }

    public static Map<String, List<Document>> of(MongoDatabase database) {
        Map<String, List<Document>> collections = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            if (NOT_REBUILT.contains(name)) {
                continue;
            }
            List<Document> documents = new ArrayList<>();
            database.getCollection(name).find().sort(new Document("_id", 1)).forEach(document -> {
                // the stream position of a document's last change is bookkeeping: a replay meets no gaps
                document.remove("appliedToken");
                document.remove("applied");
                documents.add(document);
            });
            collections.put(name, documents);
        }
        return collections;
    }
}
