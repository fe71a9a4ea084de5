package com.jxc.returns.audit.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.jxc.returns.platform.serialization.SerializationConfiguration;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hashes of the tamper-evident event chains. An event's hash covers everything stored for it except its global
 * index (known only after commit) and the hash itself: aggregate type, aggregate id, sequence number, event id,
 * timestamp, payload type and revision, the payload bytes exactly as stored, and every metadata entry (including
 * {@code previousHash}, which links it to the event before it in its aggregate). Fields are length-prefixed, so no two
 * different events encode alike; metadata is written as JSON with keys sorted at every level, so map order does not
 * matter and a value reads back to the same text whether it came from a Java object or from the stored JSON.
 */
public final class EventHashing {

    static final String EVENT_HASH = "eventHash";
    static final String PREVIOUS_HASH = "previousHash";
    /** The previous hash of an aggregate's first event, and the chain hash before the first sealed event. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] EVENT_DOMAIN = "returns-event-hash/1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHAIN_DOMAIN = "returns-event-chain/1".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();

    private final ObjectMapper mapper = SerializationConfiguration.messageMapper();

    /** What is stored for one event, in the form it is stored. */
    record StoredEvent(String aggregateType, String aggregateId, long sequenceNumber, String eventId,
                       String timestamp, String payloadType, String payloadRevision, byte[] payload,
                       Map<String, ?> metaData) {
    }

    String eventHash(StoredEvent event) {
        var bytes = new ByteArrayOutputStream(event.payload().length + 512);
        try (var out = new DataOutputStream(bytes)) {
            out.write(EVENT_DOMAIN);
            string(out, event.aggregateType());
            string(out, event.aggregateId());
            out.writeLong(event.sequenceNumber());
            string(out, event.eventId());
            string(out, event.timestamp());
            string(out, event.payloadType());
            string(out, event.payloadRevision());
            out.writeInt(event.payload().length);
            out.write(event.payload());
            string(out, canonicalMetaData(event.metaData()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256(bytes.toByteArray());
    }

    /** The running hash over the global stream: the chain so far, this event's hash, and where it stands. */
    static String chainHash(String previousChainHash, String eventHash, long globalIndex) {
        var bytes = new ByteArrayOutputStream(160);
        try (var out = new DataOutputStream(bytes)) {
            out.write(CHAIN_DOMAIN);
            string(out, previousChainHash);
            string(out, eventHash);
            out.writeLong(globalIndex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256(bytes.toByteArray());
    }

    /** The metadata as hashed: without the event's own hash, keys sorted, values as canonical JSON. */
    String canonicalMetaData(Map<String, ?> metaData) {
        var sorted = new TreeMap<String, Object>();
        metaData.forEach((key, value) -> {
            if (!EVENT_HASH.equals(key)) {
                sorted.put(key, value);
            }
        });
        var out = new StringBuilder(64 * sorted.size() + 2);
        if (sorted.values().stream().allMatch(String.class::isInstance)) {
            // the usual case, written directly: the same text the general path gives
            out.append('{');
            sorted.forEach((key, value) -> {
                if (out.length() > 1) {
                    out.append(',');
                }
                quoted(key, out).append(':');
                quoted((String) value, out);
            });
            return out.append('}').toString();
        }
        canonical(mapper.valueToTree(sorted), out);
        return out.toString();
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            var names = new TreeMap<String, JsonNode>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                names.put(field.getKey(), field.getValue());
            }
            out.append('{');
            boolean first = true;
            for (var field : names.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quoted(field.getKey(), out).append(':');
                canonical(field.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            out.append(node);
        }
    }

    /**
     * A string as a JSON text node writes it ({@code TextNode.toString()}), with Jackson's own escaping, but without
     * a generator and writer per string.
     */
    static StringBuilder quoted(String value, StringBuilder out) {
        return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String sha256(byte[] input) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
