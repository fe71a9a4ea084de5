package com.jxc.returns.projection.support;

import com.jxc.returns.api.query.LedgerEntry;
import com.jxc.returns.api.query.PolicyVersionView;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.query.SalesOrderView;
import com.jxc.returns.api.query.StockLevelView;
import com.jxc.returns.projection.analytics.ReturnFact;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents {@link DocumentMapper} makes of every read model's records by their components are the ones Jackson
 * makes (same fields in the same order, same BSON types), and read back to the same records, for thousands of random
 * records of each type.
 */
class RecordShapeTest {

    /** Every record type a read model stores with {@link DocumentMapper} (package-private ones by name). */
    private static final List<String> READ_MODEL_RECORDS = List.of(ReturnView.class.getName(),
            ReturnFact.class.getName(), LedgerEntry.class.getName(), SalesOrderView.class.getName(),
            StockLevelView.class.getName(), PolicyVersionView.class.getName(),
            "com.jxc.returns.projection.notification.DeliveryState",
            "com.jxc.returns.projection.notification.OutboxEntry",
            "com.jxc.returns.projection.ledger.OrderCosts",
            "com.jxc.returns.projection.analytics.AnalyticsRepository$ShippedUnits");

    record Everything(String text, boolean flag, Boolean maybe, int small, Integer count, long big, Long wide,
                      double ratio, BigDecimal amount, Instant at, LocalDate day, Thread.State state,
                      List<String> names, Set<Thread.State> states, Map<String, BigDecimal> byKey, Part part,
                      List<Part> parts) {
    }

    record Part(String id, Instant at, BigDecimal amount) {
    }

    record WithGetter(String id) {
        public String getLabel() {
            return "label " + id;
        }
    }

    record InstantsInAList(String id, List<Instant> instants) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "com.jxc.returns.api.query.ReturnView", "com.jxc.returns.projection.analytics.ReturnFact",
            "com.jxc.returns.api.query.LedgerEntry", "com.jxc.returns.api.query.SalesOrderView",
            "com.jxc.returns.api.query.StockLevelView", "com.jxc.returns.api.query.PolicyVersionView",
            "com.jxc.returns.projection.notification.DeliveryState",
            "com.jxc.returns.projection.notification.OutboxEntry", "com.jxc.returns.projection.ledger.OrderCosts",
            "com.jxc.returns.projection.analytics.AnalyticsRepository$ShippedUnits",
            "com.jxc.returns.projection.support.RecordShapeTest$Everything"})
    void writesAndReadsWhatJacksonDoes(String typeName) throws Exception {
        Class<?> type = Class.forName(typeName);
        var random = new Random(typeName.hashCode());
        int compared = 0;
        for (int attempt = 0; attempt < 3_000; attempt++) {
            Object record;
            try {
                record = randomValue(type, random, 0);
            } catch (ReflectiveOperationException rejectedByItsConstructor) {
                continue;
            }
            Document byComponents = DocumentMapper.toDocument("id-" + attempt, record);
            Document byJackson = DocumentMapper.jacksonDocument("id-" + attempt, record);

            assertSameDocument(byComponents, byJackson);
            assertThat(DocumentMapper.toBson("id-" + attempt, record).getByteBuffer().asNIO())
                    .as("the bytes the driver encodes of Jackson's document")
                    .isEqualTo(new RawBsonDocument(byJackson, DocumentMapper.DOCUMENTS).getByteBuffer().asNIO());
            assertThat(DocumentMapper.fromDocument(byComponents, type))
                    .isEqualTo(DocumentMapper.jacksonRecord(byJackson, type)).isEqualTo(record);
            compared++;
        }
        assertThat(compared).isGreaterThan(300);
    }

    @Test
    void theReadModelsOwnRecordsAreMappedByTheirComponents() throws Exception {
        for (String name : READ_MODEL_RECORDS) {
            boolean keyedByEnum = name.equals(PolicyVersionView.class.getName());
            assertThat(RecordShape.of(Class.forName(name))).as(name).matches(shape -> (shape == null) == keyedByEnum);
        }
    }

    @Test
    void recordsJacksonWouldMapDifferentlyAreLeftToIt() {
        assertThat(RecordShape.of(WithGetter.class)).isNull();
        assertThat(RecordShape.of(InstantsInAList.class)).isNull();
        assertThat(RecordShape.of(String.class)).isNull();
        assertThat(DocumentMapper.toDocument("w", new WithGetter("w"))).containsEntry("label", "label w");
    }

    @Test
    void documentsOfTheOlderShapeAreReadByJackson() {
        var older = new Document("_id", "p").append("id", "p").append("at", "2026-12-06T08:42:27.951113175Z")
                .append("amount", "249.00");

        assertThat(DocumentMapper.fromDocument(older, Part.class)).isEqualTo(
                new Part("p", Instant.parse("2026-12-06T08:42:27.951113175Z"), new BigDecimal("249.00")));
    }

    @Test
    void missingFieldsReadAsJacksonReadsThem() {
        var sparse = new Document("_id", "e").append("text", "t").append("at", new Date(1_000));

        Object read = DocumentMapper.fromDocument(sparse, Everything.class);

        assertThat(read).isEqualTo(DocumentMapper.jacksonRecord(sparse, Everything.class));
        assertThat(((Everything) read).small()).isZero();
        assertThat(((Everything) read).at()).isEqualTo(Instant.ofEpochMilli(1_000));
    }

    @Test
    void aValueOfAnotherTypeIsReadByJackson() {
        var widened = new Document("_id", "p").append("id", "p").append("amount", new Decimal128(new BigDecimal("1.5")))
                .append("at", new Date(5));
        var numberAsText = new Document(widened).append("amount", "1.50");

        assertThat(DocumentMapper.fromDocument(numberAsText, Part.class).amount()).isEqualTo(new BigDecimal("1.50"));
        assertThat(DocumentMapper.fromDocument(widened, Part.class).amount()).isEqualTo(new BigDecimal("1.5"));
    }

    private static void assertSameDocument(Object byComponents, Object byJackson) {
        if (byJackson instanceof Map<?, ?> expected) {
            assertThat(byComponents).isInstanceOf(Document.class);
            Map<?, ?> actual = (Map<?, ?>) byComponents;
            assertThat(new ArrayList<>(actual.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
            expected.forEach((key, value) -> assertSameDocument(actual.get(key), value));
        } else if (byJackson instanceof List<?> expected) {
            assertThat(byComponents).isInstanceOf(List.class);
            List<?> actual = (List<?>) byComponents;
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSameDocument(actual.get(i), expected.get(i));
            }
        } else {
            assertThat(byComponents).isEqualTo(byJackson);
            if (byJackson != null) {
                assertThat(byComponents).hasSameClassAs(byJackson);
            }
        }
    }

    private static Object randomValue(Type type, Random random, int depth) throws ReflectiveOperationException {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            int size = random.nextInt(depth > 2 ? 1 : 4);
            if (Map.class.isAssignableFrom(raw)) {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    map.put(randomValue(arguments[0], random, depth + 1), randomValue(arguments[1], random, depth + 1));
                }
                map.remove(null);
                return map;
            }
            Collection<Object> items = raw == Set.class ? new HashSet<>() : new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Object item = randomValue(arguments[0], random, depth + 1);
                if (item != null) {
                    items.add(item);
                }
            }
            return items;
        }
        Class<?> raw = (Class<?>) type;
        boolean nullable = !raw.isPrimitive() && random.nextInt(8) == 0;
        if (nullable && depth > 0 || nullable && !raw.isRecord()) {
            return null;
        }
        if (raw == String.class) {
            return random.nextInt(10) == 0 ? "" : "s" + Long.toString(random.nextLong(), 36) + "退货";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return random.nextBoolean();
        }
        if (raw == int.class || raw == Integer.class) {
            return random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(20);
        }
        if (raw == long.class || raw == Long.class) {
            return random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(20);
        }
        if (raw == double.class || raw == Double.class) {
            return random.nextDouble() * 100;
        }
        if (raw == BigDecimal.class) {
            return BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), random.nextInt(5));
        }
        if (raw == Instant.class) {
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000));
            return switch (random.nextInt(3)) {
                case 0 -> Instant.ofEpochMilli(at.toEpochMilli());
                case 1 -> Instant.ofEpochSecond(at.getEpochSecond());
                default -> at;
            };
        }
        if (raw == LocalDate.class) {
            return LocalDate.ofEpochDay(random.nextInt(40_000));
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (raw.isRecord()) {
            if (depth > 4) {
                return null;
            }
            RecordComponent[] components = raw.getRecordComponents();
            Object[] arguments = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                arguments[i] = randomValue(components[i].getGenericType(), random, depth + 1);
                types[i] = components[i].getType();
            }
            Constructor<?> constructor = raw.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        }
        throw new IllegalArgumentException("no random " + type);
    }
}
