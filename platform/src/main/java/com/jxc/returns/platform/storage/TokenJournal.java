package com.jxc.returns.platform.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The batch a processor segment is storing the token of: one document per processor and segment
 * ({@code _id} {@code processor/segment}) holding the token stored before the batch ({@code previous}) and, while the
 * batch is in flight, the token it will store ({@code pending}). Written before the batch's documents, cleared after
 * its token; a stored token equal to a {@code pending} one is therefore possibly ahead of documents a crash lost, and
 * is moved back to {@code previous} (see {@link TokenStoredAfterReadModelWrites}). Bookkeeping of the processing, not
 * read-model content: a rebuild never writes it and read-model snapshots leave it out.
 */
public final class TokenJournal {

    public static final String COLLECTION = "token-journal";

    /** A batch recorded and not yet cleared; {@code previousKnown} false when the token before it was not known. */
    public record Entry(String processor, int segment, boolean previousKnown, TrackingToken previous,
                        TrackingToken pending) {
    }

    private final MongoCollection<Document> journal;
    private final Serializer serializer;

    public TokenJournal(MongoDatabase database, Serializer serializer) {
        this.journal = database.getCollection(COLLECTION);
        this.serializer = serializer;
    }

    /** Records that {@code processor}'s {@code segment} is about to store {@code pending} after {@code previous}. */
    public void recordPending(String processor, int segment, boolean previousKnown, TrackingToken previous,
                       TrackingToken pending) {
        Document entry = new Document("_id", id(processor, segment)).append("processor", processor)
                .append("segment", segment);
        if (previousKnown) {
            entry.append("previous", serialized(previous));
        } else {
            entry.append("previousUnknown", true);
        }
        entry.append("pending", serialized(pending));
        journal.replaceOne(Filters.eq("_id", entry.get("_id")), entry, new ReplaceOptions().upsert(true));
    }

    /** The segment has no batch in flight any more. */
    void clearPending(String processor, int segment) {
        journal.updateOne(Filters.eq("_id", id(processor, segment)), Updates.unset("pending"));
    }

    /** The segment is gone (deleted, or its processor's tokens initialised anew). */
    void forget(String processor, int segment) {
        journal.deleteOne(Filters.eq("_id", id(processor, segment)));
    }

    void forget(String processor) {
        journal.deleteMany(Filters.eq("processor", processor));
    }

    /** The batch in flight for this segment, if one was recorded and not cleared. */
    Optional<Entry> pending(String processor, int segment) {
        Document document = journal.find(Filters.eq("_id", id(processor, segment))).first();
        return document == null || !document.containsKey("pending") ? Optional.empty()
                : Optional.of(entry(document));
    }

    /** Every batch recorded and not cleared, of every processor. */
    public List<Entry> allPending() {
        List<Entry> entries = new ArrayList<>();
        // a handful of documents (one per processor segment): a scan is cheaper than an index that is not used
        for (Document document : journal.find()) {
            if (document.containsKey("pending")) {
                entries.add(entry(document));
            }
        }
        return entries;
    }

    private Entry entry(Document document) {
        boolean previousKnown = !document.getBoolean("previousUnknown", false);
        return new Entry(document.getString("processor"), document.getInteger("segment"), previousKnown,
                previousKnown ? token(document.get("previous", Document.class)) : null,
                token(document.get("pending", Document.class)));
    }

    static String id(String processor, int segment) {
        return processor + "/" + segment;
    }

    /** A token as the token store keeps one: the serializer's bytes and type; {@code null} for no token. */
    private Document serialized(TrackingToken token) {
        if (token == null) {
            return new Document("type", null);
        }
        SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
        return new Document("type", serialized.getType().getName())
                .append("revision", serialized.getType().getRevision())
                .append("data", new Binary(serialized.getData()));
    }

    private TrackingToken token(Document serialized) {
        if (serialized == null || serialized.getString("type") == null) {
            return null;
        }
        byte[] data = serialized.get("data", Binary.class).getData();
        return serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, serialized.getString("type"),
                serialized.getString("revision")));
    }
}
