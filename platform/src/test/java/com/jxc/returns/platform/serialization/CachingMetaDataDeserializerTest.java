package com.jxc.returns.platform.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CachingMetaDataDeserializerTest {

    /** Axon's own reading of metadata, as the service had it before. */
    private final Serializer axons = JacksonSerializer.builder()
            .objectMapper(SerializationConfiguration.messageMapper()).build();
    private final SerializationConfiguration configuration = new SerializationConfiguration();

    @Test
    void everyMessageSerializerOfTheServiceReadsMetaDataThisWay() throws Exception {
        for (JacksonSerializer serializer : List.of((JacksonSerializer) configuration.serializer(),
                (JacksonSerializer) configuration.messageSerializer(), configuration.eventSerializer())) {
            ObjectMapper mapper = serializer.getObjectMapper();
            var context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                    .createInstance(mapper.getDeserializationConfig(), null, null);

            assertThat(context.findRootValueDeserializer(mapper.constructType(MetaData.class)))
                    .isInstanceOf(CachingMetaDataDeserializer.class);
        }
    }

    @Test
    void readsEveryMetaDataAsAxonsDeserializerDoesValueTypesIncluded() {
        Serializer events = configuration.eventSerializer();
        var random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            Map<String, Object> entries = new HashMap<>();
            int size = random.nextInt(9);
            for (int e = 0; e < size; e++) {
                entries.put(random.nextInt(4) == 0 ? "k\u00e9y-" + e : "key" + e, value(random, 0));
            }
            SerializedObject<byte[]> stored = events.serialize(MetaData.from(entries), byte[].class);

            MetaData read = events.deserialize(stored);
            MetaData expected = axons.deserialize(stored);

            assertThat(read).isEqualTo(expected);
            expected.forEach((key, value) -> assertThat(typesOf(read.get(key))).as(key).isEqualTo(typesOf(value)));
        }
    }

    @Test
    void readsMetaDataTheWayTheServiceWritesIt() {
        Serializer events = configuration.eventSerializer();
        MetaData written = MetaData.with("correlationId", "b14d564d-3307-4a87-9966-a4922b9703d9")
                .and("traceparent", "00-56d9b110d9dc5c4e8706818085224907-d64cc514560dd2c9-01")
                .and("userId", "system:auto-approval").and("userRole", "SYSTEM");

        assertThat((MetaData) events.deserialize(events.serialize(written, byte[].class))).isEqualTo(written);
        assertThat((MetaData) events.deserialize(events.serialize(MetaData.emptyInstance(), byte[].class)))
                .isEqualTo(MetaData.emptyInstance());
    }

    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth < 2 ? 11 : 9)) {
            case 0 -> "text " + random.nextInt();
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> BigInteger.valueOf(random.nextLong()).multiply(BigInteger.valueOf(Long.MAX_VALUE));
            case 4 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(12));
            case 5 -> random.nextDouble();
            case 6 -> random.nextBoolean();
            case 7 -> null;
            case 8 -> "";
            case 9 -> {
                Map<String, Object> nested = new LinkedHashMap<>();
                for (int e = random.nextInt(4); e > 0; e--) {
                    nested.put("n" + e, value(random, depth + 1));
                }
                yield nested;
            }
            default -> {
                List<Object> list = new ArrayList<>();
                for (int e = random.nextInt(4); e > 0; e--) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
        };
    }

    /** The value's classes, nested ones included: equal maps of different number types must not pass. */
    private static String typesOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder types = new StringBuilder(value.getClass().getSimpleName()).append('{');
            map.forEach((key, nested) -> types.append(key).append('=').append(typesOf(nested)).append(','));
            return types.append('}').toString();
        }
        if (value instanceof List<?> list) {
            return value.getClass().getSimpleName() + list.stream().map(CachingMetaDataDeserializerTest::typesOf).toList();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
