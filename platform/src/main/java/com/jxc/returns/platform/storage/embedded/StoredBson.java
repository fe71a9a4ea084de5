package com.jxc.returns.platform.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The page format: documents as BSON (the same encoder and decoder mongo-java-server uses on the wire, so whatever
 * a client can send round-trips), keys as the BSON of their normalized values.
 */
final class StoredBson {

    /** A stored document: its BSON bytes. */
    static final BasicDataType<byte[]> DOCUMENT = new DocumentType();

    /**
     * Each thread encodes into a buffer of its own, kept between documents (a new buffer per document and key was a
     * seventh of what a rebuild allocated); one that grew past {@value #LARGEST_KEPT_BUFFER} bytes is not kept.
     */
    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(2048));
    private static final int LARGEST_KEPT_BUFFER = 1 << 20;

    private StoredBson() {
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = ENCODING.get().clear();
        BsonEncoder.encodeDocument(document, buffer);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        if (buffer.capacity() > LARGEST_KEPT_BUFFER) {
            ENCODING.remove();
            buffer.release();
        }
        return bytes;
    }

    static Document decode(byte[] bytes) {
        return bytes == null ? null : BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }

    /** The key of an index entry: its (normalized) values in index-key order. */
    static Key key(KeyValue values) {
        var document = new Document();
        int i = 0;
        for (Object value : values) {
            document.put(Integer.toString(i++), value);
        }
        return new Key(encode(document));
    }

    static KeyValue keyValue(Key key) {
        return new KeyValue(new ArrayList<>(decode(key.bytes()).values()));
    }

    /** Where a document of a collection whose identity is {@code idField} is stored: its normalized identity. */
    static Key position(Document document, String idField) {
        Object id = Utils.getSubdocumentValue(document, idField);
        return key(new KeyValue(Collections.singletonList(id)).normalized());
    }

    static String describe(Key key) {
        try {
            List<Object> values = new ArrayList<>(decode(key.bytes()).values());
            return values.size() == 1 ? String.valueOf(values.get(0)) : values.toString();
        } catch (RuntimeException notAKey) {
            return key.hex();
        }
    }

    private static final class DocumentType extends BasicDataType<byte[]> {

        @Override
        public int getMemory(byte[] bytes) {
            return 24 + bytes.length;
        }

        @Override
        public void write(WriteBuffer buffer, byte[] bytes) {
            buffer.putVarInt(bytes.length).put(bytes);
        }

        @Override
        public byte[] read(ByteBuffer buffer) {
            byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(bytes);
            return bytes;
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }
    }
}
