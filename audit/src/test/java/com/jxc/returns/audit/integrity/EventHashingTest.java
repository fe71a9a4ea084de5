package com.jxc.returns.audit.integrity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class EventHashingTest {

    private final EventHashing hashing = new EventHashing();

    private static EventHashing.StoredEvent event(Map<String, ?> metaData) {
        return new EventHashing.StoredEvent("ReturnRequest", "R-1", 3, "e-1", "2026-11-28T08:00:00.123Z",
                "ReturnSettled", "1", "{\"refunded\":{\"amount\":498.00}}".getBytes(StandardCharsets.UTF_8),
                metaData);
    }

    private static Map<String, Object> metaData() {
        var metaData = new LinkedHashMap<String, Object>();
        metaData.put("userId", "finance");
        metaData.put("userRole", "FINANCE");
        metaData.put("previousHash", EventHashing.GENESIS);
        metaData.put("correlationId", "c-1");
        return metaData;
    }

    @Test
    void hashIsTheSameWhateverTheOrderOfTheMetadata() {
        var reversed = new LinkedHashMap<String, Object>();
        var entries = new ArrayList<>(metaData().entrySet());
        Collections.reverse(entries);
        entries.forEach(entry -> reversed.put(entry.getKey(), entry.getValue()));

        assertThat(hashing.eventHash(event(reversed))).isEqualTo(hashing.eventHash(event(metaData())))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void nestedMetadataIsHashedInCanonicalOrderAndNumbersByValue() {
        var one = new LinkedHashMap<String, Object>();
        one.put("client", new LinkedHashMap<>(Map.of("b", 2L, "a", "x")));
        var other = new LinkedHashMap<String, Object>();
        var nested = new LinkedHashMap<String, Object>();
        nested.put("a", "x");
        nested.put("b", 2);
        other.put("client", nested);

        assertThat(hashing.canonicalMetaData(one)).isEqualTo(hashing.canonicalMetaData(other))
                .isEqualTo("{\"client\":{\"a\":\"x\",\"b\":2}}");
    }

    @Test
    void plainTextMetadataReadsTheSameAsThroughJson() {
        var text = new LinkedHashMap<String, Object>(Map.of("userId", "张三 \"q\"", "a", "\n"));
        var mixed = new LinkedHashMap<String, Object>(text);
        mixed.put("n", 1);

        assertThat(hashing.canonicalMetaData(text)).isEqualTo("{\"a\":\"\\n\",\"userId\":\"张三 \\\"q\\\"\"}");
        assertThat(hashing.canonicalMetaData(mixed)).isEqualTo("{\"a\":\"\\n\",\"n\":1,\"userId\":\"张三 \\\"q\\\"\"}");
    }

    @Test
    void stringsAreQuotedExactlyAsJacksonWritesATextNode() {
        // the hashes of stored events depend on it: every UTF-16 unit, then pairs, lone surrogates and mixtures
        var samples = new java.util.ArrayList<String>();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            samples.add(String.valueOf(c));
        }
        samples.addAll(java.util.List.of("", "plain", "张三 \"q\"", "a\\b/c\u2028\u2029", "\uD83D\uDE00 emoji",
                "\uDFFF\uD800 reversed", "tab\tnew\nline\r\u0000\u001f\u007f end"));
        for (String sample : samples) {
            assertThat(EventHashing.quoted(sample, new StringBuilder()).toString())
                    .as("U+%04X...", sample.isEmpty() ? 0 : (int) sample.charAt(0))
                    .isEqualTo(com.fasterxml.jackson.databind.node.TextNode.valueOf(sample).toString());
        }
    }

    @Test
    void theEventsOwnHashIsNotPartOfIt() {
        var withHash = metaData();
        withHash.put(EventHashing.EVENT_HASH, "f".repeat(64));

        assertThat(hashing.eventHash(event(withHash))).isEqualTo(hashing.eventHash(event(metaData())));
    }

    @Test
    void hashChangesWithEveryStoredField() {
        var base = event(metaData());
        String original = hashing.eventHash(base);
        List<UnaryOperator<EventHashing.StoredEvent>> changes = List.of(
                e -> new EventHashing.StoredEvent("SalesOrder", e.aggregateId(), e.sequenceNumber(), e.eventId(),
                        e.timestamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), "R-2", e.sequenceNumber(), e.eventId(),
                        e.timestamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), e.aggregateId(), 4, e.eventId(),
                        e.timestamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), e.aggregateId(), e.sequenceNumber(), "e-2",
                        e.timestamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), e.aggregateId(), e.sequenceNumber(), e.eventId(),
                        "2026-11-28T08:00:00.124Z", e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), e.aggregateId(), e.sequenceNumber(), e.eventId(),
                        e.timestamp(), "ReturnRejected", e.payloadRevision(), e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), e.aggregateId(), e.sequenceNumber(), e.eventId(),
                        e.timestamp(), e.payloadType(), null, e.payload(), e.metaData()),
                e -> new EventHashing.StoredEvent(e.aggregateType(), e.aggregateId(), e.sequenceNumber(), e.eventId(),
                        e.timestamp(), e.payloadType(), e.payloadRevision(),
                        "{\"refunded\":{\"amount\":998.00}}".getBytes(StandardCharsets.UTF_8), e.metaData()),
                e -> {
                    var metaData = metaData();
                    metaData.put("userId", "cs");
                    return event(metaData);
                },
                e -> {
                    var metaData = metaData();
                    metaData.put("previousHash", "1".repeat(64));
                    return event(metaData);
                });

        assertThat(changes).allSatisfy(change -> assertThat(hashing.eventHash(change.apply(base)))
                .isNotEqualTo(original));
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        var one = new EventHashing.StoredEvent("A", "BC", 0, "e", "t", "p", null, new byte[0], Map.of());
        var other = new EventHashing.StoredEvent("AB", "C", 0, "e", "t", "p", null, new byte[0], Map.of());

        assertThat(hashing.eventHash(one)).isNotEqualTo(hashing.eventHash(other));
    }

    @Test
    void chainHashDependsOnThePreviousLinkTheEventAndItsPosition() {
        String hash = "a".repeat(64);
        String chained = EventHashing.chainHash(EventHashing.GENESIS, hash, 7);

        assertThat(EventHashing.chainHash(EventHashing.GENESIS, hash, 7)).isEqualTo(chained);
        assertThat(EventHashing.chainHash("1".repeat(64), hash, 7)).isNotEqualTo(chained);
        assertThat(EventHashing.chainHash(EventHashing.GENESIS, "b".repeat(64), 7)).isNotEqualTo(chained);
        assertThat(EventHashing.chainHash(EventHashing.GENESIS, hash, 8)).isNotEqualTo(chained);
    }
}
