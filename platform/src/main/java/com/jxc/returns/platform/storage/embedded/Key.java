package com.jxc.returns.platform.storage.embedded;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A stored key: the BSON bytes of a document's normalized {@code _id} (its position in its collection) or of an
 * index key. Equal values have equal bytes, so lookups compare bytes; the order is unsigned byte order, which only
 * index prefix scans rely on (BSON documents are prefix-free: each starts with its own length).
 */
final class Key implements Comparable<Key> {

    static final BasicDataType<Key> TYPE = new KeyType();

    private final byte[] bytes;

    Key(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }

    boolean startsWith(Key prefix) {
        return bytes.length >= prefix.bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /** This key followed by {@code suffix}: a non-unique index entry is its index key followed by the position. */
    Key append(Key suffix) {
        byte[] joined = Arrays.copyOf(bytes, bytes.length + suffix.bytes.length);
        System.arraycopy(suffix.bytes, 0, joined, bytes.length, suffix.bytes.length);
        return new Key(joined);
    }

    @Override
    public int compareTo(Key other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return StoredBson.describe(this);
    }

    String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    private static final class KeyType extends BasicDataType<Key> {

        @Override
        public int getMemory(Key key) {
            return 24 + key.bytes.length;
        }

        @Override
        public void write(WriteBuffer buffer, Key key) {
            buffer.putVarInt(key.bytes.length).put(key.bytes);
        }

        @Override
        public Key read(ByteBuffer buffer) {
            byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(bytes);
            return new Key(bytes);
        }

        @Override
        public int compare(Key a, Key b) {
            return a.compareTo(b);
        }

        @Override
        public Key[] createStorage(int size) {
            return new Key[size];
        }
    }
}
