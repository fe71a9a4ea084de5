package com.jxc.returns.projection.support;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.MongoClientSettings;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.types.Decimal128;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps read-model records to MongoDB documents and back, with the BSON types an analyst's query compares: every
 * {@link BigDecimal} is a {@code Decimal128} (its scale kept: 249.00 stays 249.00), every {@link Instant} a BSON
 * date, whole numbers int32/int64, calendar days ({@code LocalDate}) and enums strings. A BSON date holds
 * milliseconds; the nanoseconds within the millisecond that an instant of the event stream carries are kept beside
 * it in {@code <field>Nanos} (int32, only when not zero), so a record reads back exactly as it was written.
 * Documents written before the typed shapes (decimal and ISO-8601 strings) still read back to the same records.
 * Records of the types {@link RecordShape} covers are mapped by their components directly, others through Jackson;
 * both give the same documents.
 */
public final class DocumentMapper {

    /** Suffix of the field beside a BSON date that keeps the instant's nanoseconds within its millisecond. */
    public static final String NANOS_SUFFIX = "Nanos";
    private static final int NANOS_PER_MILLI = 1_000_000;

    /** Records to maps whose amounts and instants stay Java objects, typed by {@link #typed}. */
    private static final ObjectMapper WRITER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("bson-values")
                    .addSerializer(BigDecimal.class, new AsIs<>(BigDecimal.class))
                    .addSerializer(Instant.class, new AsIs<>(Instant.class)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .build();
    /**
     * Maps (typed values already turned back into Java ones by {@link #untyped}) to records; instants are handed over
     * as they are, not written as text and parsed again.
     */
    private static final ObjectMapper READER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("instants-as-is").addSerializer(Instant.class, new AsIs<>(Instant.class)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .withConfigOverride(BigDecimal.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .build();
    /** The driver's codec of documents, with its default registry. */
    static final Codec<Document> DOCUMENTS = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
    private static final JavaType MAP = WRITER.getTypeFactory().constructType(new TypeReference<Map<String, Object>>() {
    });

    private DocumentMapper() {
    }

    public static Document toDocument(String id, Object record) {
        RecordShape shape = RecordShape.of(record.getClass());
        if (shape == null) {
            return jacksonDocument(id, record);
        }
        var document = new Document("_id", id);
        shape.write(record, document);
        return document;
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        RecordShape shape = RecordShape.of(type);
        if (shape != null) {
            try {
                return type.cast(shape.read(document));
            } catch (RecordShape.Unreadable olderShapeOrRejected) {
                // read as it always was: older shapes converted, a rejected value reported by Jackson
            }
        }
        return jacksonRecord(document, type);
    }

    /** {@link #toDocument}, encoded as the driver would encode it. */
    public static RawBsonDocument toBson(String id, Object record) {
        RecordShape shape = RecordShape.of(record.getClass());
        return shape == null ? new RawBsonDocument(jacksonDocument(id, record), DOCUMENTS) : shape.toBson(id, record);
    }

    /** The document Jackson makes of a record, through a map of its properties: what {@link RecordShape} matches. */
    static Document jacksonDocument(String id, Object record) {
        var document = new Document("_id", id);
        typed(WRITER.convertValue(record, MAP), document);
        return document;
    }

    static <T> T jacksonRecord(Document document, Class<T> type) {
        return READER.convertValue(untyped(document), type);
    }

    /** The BSON date of an instant (its millisecond; see {@link #NANOS_SUFFIX} for the rest). */
    public static Date date(Instant instant) {
        return new Date(instant.toEpochMilli());
    }

    /** What a BSON date of {@code instant} leaves out: the nanoseconds within its millisecond. */
    static int nanosWithinMilli(Instant instant) {
        return instant.getNano() % NANOS_PER_MILLI;
    }

    /** An instant as stored: a BSON date, or in documents of an older shape epoch milliseconds or ISO-8601 text. */
    public static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        return Instant.parse(value.toString());
    }

    private static void typed(Map<String, Object> fields, Map<String, Object> into) {
        fields.forEach((name, value) -> {
            if (value instanceof Instant instant) {
                into.put(name, date(instant));
                int nanos = nanosWithinMilli(instant);
                if (nanos != 0) {
                    into.put(name + NANOS_SUFFIX, nanos);
                }
            } else {
                into.put(name, typed(value));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Object typed(Object value) {
        if (value instanceof BigDecimal decimal) {
            return new Decimal128(decimal);
        }
        if (value instanceof Map<?, ?> map) {
            var document = new Document();
            typed((Map<String, Object>) map, document);
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item instanceof Instant) {
                    throw new IllegalArgumentException("an instant in a list has no field beside it for its "
                            + "nanoseconds: wrap it in a record");
                }
                items.add(typed(item));
            }
            return items;
        }
        return value;
    }

    private static Map<String, Object> untyped(Map<String, Object> fields) {
        Map<String, Object> plain = new LinkedHashMap<>(fields.size());
        fields.forEach((name, value) -> {
            if (value instanceof Date date) {
                Object nanos = fields.get(name + NANOS_SUFFIX);
                Instant instant = date.toInstant();
                plain.put(name, nanos instanceof Number n ? instant.plusNanos(n.longValue()) : instant);
            } else if (!(name.endsWith(NANOS_SUFFIX) && fields.get(baseName(name)) instanceof Date)) {
                plain.put(name, untyped(value));
            }
        });
        return plain;
    }

    @SuppressWarnings("unchecked")
    private static Object untyped(Object value) {
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof Map<?, ?> map) {
            return untyped((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DocumentMapper::untyped).toList();
        }
        return value;
    }

    private static String baseName(String nanosField) {
        return nanosField.substring(0, nanosField.length() - NANOS_SUFFIX.length());
    }

    /** Hands the value itself to the map being built, for {@link #typed} to give it its BSON type. */
    private static final class AsIs<T> extends StdSerializer<T> {

        AsIs(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeEmbeddedObject(value);
        }
    }
}
