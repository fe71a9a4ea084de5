package com.jxc.returns.platform.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.type.TypeFactory;
import org.axonframework.messaging.MetaData;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a message's metadata as Axon's {@code MetaDataDeserializer} does (a {@code Map<String, Object>} of Jackson's
 * untyped values, into a {@code HashMap}), but looks the map's deserializer up once per context instead of once per
 * message: Axon's asks Jackson for it, and Jackson contextualises a new one, every time an event is read.
 */
final class CachingMetaDataDeserializer extends JsonDeserializer<MetaData> implements ContextualDeserializer {

    private static final JavaType ENTRIES = TypeFactory.defaultInstance()
            .constructMapType(Map.class, String.class, Object.class);

    private final JsonDeserializer<Object> entries;

    CachingMetaDataDeserializer() {
        this(null);
    }

    private CachingMetaDataDeserializer(JsonDeserializer<Object> entries) {
        this.entries = entries;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
            throws JsonMappingException {
        return entries != null ? this : new CachingMetaDataDeserializer(context.findRootValueDeserializer(ENTRIES));
    }

    @Override
    @SuppressWarnings("unchecked")
    public MetaData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonDeserializer<Object> deserializer = entries != null ? entries : context.findRootValueDeserializer(ENTRIES);
        return MetaData.from((Map<String, ?>) deserializer.deserialize(parser, context, new HashMap<>()));
    }

    @Override
    public Object deserializeWithType(JsonParser parser, DeserializationContext context,
                                      TypeDeserializer typeDeserializer) throws IOException {
        return typeDeserializer.deserializeTypedFromObject(parser, context);
    }

    @Override
    public Class<?> handledType() {
        return MetaData.class;
    }
}
