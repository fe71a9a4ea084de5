package com.jxc.returns.projection.support;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Maps read-model records to MongoDB documents and back. Amounts are stored as decimal strings (exact on every
 * MongoDB-compatible server), instants as ISO-8601 strings.
 */
public final class DocumentMapper {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .withConfigOverride(BigDecimal.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private DocumentMapper() {
    }

    public static Document toDocument(String id, Object record) {
        var document = new Document("_id", id);
        document.putAll(MAPPER.convertValue(record, MAP));
        return document;
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        return MAPPER.convertValue(document, type);
    }
}
