package com.jxc.returns.audit.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.jxc.returns.audit.StoredEvent;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.axonframework.common.DateTimeUtils;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of an event archive, written and read: one event, fields always in this order: {@code position, eventId,
 * aggregateType, aggregateId, sequenceNumber, type, revision, timestamp, metaData, payload}; metadata and payload are
 * embedded as the exact JSON bytes stored, the timestamp as the exact text stored, so export, import and export again
 * give the same bytes.
 */
final class ArchiveLine {

    private static final JsonFactory LINES = SerializationConfiguration.messageMapper().getFactory();
    private static final List<String> FIELDS = List.of("position", "eventId", "aggregateType", "aggregateId",
            "sequenceNumber", "type", "revision", "timestamp", "metaData", "payload");

    private ArchiveLine() {
    }

    static String format(StoredEvent event) throws IOException {
        var text = new StringWriter();
        try (JsonGenerator generator = LINES.createGenerator(text)) {
            generator.writeStartObject();
            generator.writeNumberField("position", event.globalIndex());
            generator.writeStringField("eventId", event.eventIdentifier());
            generator.writeStringField("aggregateType", event.aggregateType());
            generator.writeStringField("aggregateId", event.aggregateIdentifier());
            generator.writeNumberField("sequenceNumber", event.sequenceNumber());
            generator.writeStringField("type", event.payloadType());
            generator.writeStringField("revision", event.payloadRevision());
            generator.writeStringField("timestamp", event.timeStamp());
            generator.writeFieldName("metaData");
            generator.writeRawValue(requireOneLine(event.metaDataJson(), event));
            generator.writeFieldName("payload");
            generator.writeRawValue(requireOneLine(event.payloadJson(), event));
            generator.writeEndObject();
        }
        return text.toString();
    }

    private static String requireOneLine(String jsonText, StoredEvent event) {
        if (jsonText.indexOf('\n') >= 0 || jsonText.indexOf('\r') >= 0) {
            throw new IllegalStateException("event " + event.eventIdentifier() + " is stored with a line break");
        }
        return jsonText;
    }

    /** Strict: exactly the exported fields, in the exported order, with the exported types. */
    static ArchivedEvent parse(long lineNo, String text) {
        Map<String, Object> values = new HashMap<>();
        try (JsonParser parser = LINES.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidArchive(lineNo, "not a JSON object");
            }
            for (String field : FIELDS) {
                if (parser.nextToken() != JsonToken.FIELD_NAME || !field.equals(parser.currentName())) {
                    throw new InvalidArchive(lineNo, "expected field " + field);
                }
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "position", "sequenceNumber" -> {
                        if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                            throw new InvalidArchive(lineNo, field + " must be a non-negative integer");
                        }
                        values.put(field, parser.getLongValue());
                    }
                    case "metaData", "payload" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new InvalidArchive(lineNo, field + " must be a JSON object");
                        }
                        int start = (int) parser.currentTokenLocation().getCharOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getCharOffset();
                        values.put(field, text.substring(start, end));
                    }
                    case "revision" -> {
                        if (token != JsonToken.VALUE_NULL && token != JsonToken.VALUE_STRING) {
                            throw new InvalidArchive(lineNo, "revision must be a string or null");
                        }
                        values.put(field, token == JsonToken.VALUE_NULL ? null : parser.getText());
                    }
                    default -> {
                        if (token != JsonToken.VALUE_STRING || parser.getText().isBlank()
                                || parser.getText().length() > 255) {
                            throw new InvalidArchive(lineNo, field + " must be a text of 1-255 characters");
                        }
                        values.put(field, parser.getText());
                    }
                }
            }
            if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidArchive(lineNo, "unexpected content after the payload");
            }
        } catch (IOException e) {
            throw new InvalidArchive(lineNo, "not valid JSON (" + rootMessage(e) + ")");
        }
        String timestamp = (String) values.get("timestamp");
        try {
            DateTimeUtils.parseInstant(timestamp);
        } catch (RuntimeException e) {
            throw new InvalidArchive(lineNo, "timestamp " + timestamp + " is not an ISO-8601 instant");
        }
        return new ArchivedEvent((Long) values.get("position"), (String) values.get("eventId"),
                (String) values.get("aggregateType"), (String) values.get("aggregateId"),
                (Long) values.get("sequenceNumber"), (String) values.get("type"), (String) values.get("revision"),
                timestamp, (String) values.get("metaData"), (String) values.get("payload"));
    }

    /** The first line of the innermost cause's message: what went wrong, without the parser's context. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
