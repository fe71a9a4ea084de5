package com.jxc.returns.platform.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where each segment of a processor stands, as stored in the token store, read without claiming anything: what an
 * instance that does not hold a segment knows of the read model's freshness. Reads the Axon Mongo extension's token
 * documents ({@code trackingtokens}: processorName, segment, token, tokenType).
 */
@Component
public class StoredTokenPositions {

    static final String COLLECTION = "trackingtokens";

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;

    StoredTokenPositions(MongoDatabase database, Serializer serializer) {
        this.tokens = database.getCollection(COLLECTION);
        this.serializer = serializer;
    }

    /** Segment → stored position (-1: not started); empty when the processor keeps no token here. */
    public Map<Integer, Long> of(String processor) {
        var positions = new TreeMap<Integer, Long>();
        for (Document entry : tokens.find(Filters.eq("processorName", processor))) {
            positions.put(entry.getInteger("segment"), position(entry));
        }
        return positions;
    }

    private long position(Document entry) {
        Object data = entry.get("token");
        String type = entry.getString("tokenType");
        if (data == null || type == null) {
            return -1;
        }
        byte[] bytes = data instanceof Binary binary ? binary.getData() : (byte[]) data;
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
        return token == null ? -1 : token.position().orElse(-1);
    }
}
