package com.jxc.returns.platform.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.Instant;

/**
 * Reads an instant written the way Jackson writes one with {@link UtcTimestamps}, not {@code java.time}'s general
 * formatter: most of what deserialising an event cost in dates. Any other text or token (an offset, a number, a leap
 * second, an out-of-range field) goes to Jackson's own deserializer unchanged, errors included.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

    private final JsonDeserializer<Instant> standard;

    UtcInstantDeserializer() {
        this(InstantDeserializer.INSTANT);
    }

    private UtcInstantDeserializer(JsonDeserializer<Instant> standard) {
        super(Instant.class);
        this.standard = standard;
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            Instant instant = UtcTimestamps.parse(parser.getText());
            if (instant != null) {
                return instant;
            }
        }
        return standard.deserialize(parser, context);
    }

    /** With a {@code @JsonFormat} on the property, Jackson's deserializer as that format makes it. */
    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
            throws JsonMappingException {
        JsonDeserializer<?> contextual = ((ContextualDeserializer) standard).createContextual(context, property);
        return contextual == standard ? this : contextual;
    }
}
