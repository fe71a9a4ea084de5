package com.jxc.returns.audit.backup;

import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.common.SystemActor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.audit.EventLog;
import com.jxc.returns.audit.StoredEvent;
import com.jxc.returns.platform.serialization.NamedTypeSerializer;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole event store as JSON Lines, and back. One event per line, fields always in this order:
 * {@code position, eventId, aggregateType, aggregateId, sequenceNumber, type, revision, timestamp, metaData,
 * payload}; metadata and payload are embedded as the exact JSON bytes stored, the timestamp as the exact text stored,
 * so export, import and export again give the same bytes.
 * <p>
 * Import goes into an empty store only (one that holds nothing but the default policy a new installation defines
 * for itself at start-up, which the import replaces), validates every line, and stores all of it in one transaction
 * or nothing. Positions are kept, so what an auditor or a feed consumer knew as position 42 stays position 42.
 */
@Component
public class EventArchive {

    private static final String TABLE = "DomainEventEntry";
    private static final String RETURN_ORDER_SEQUENCE = "return_order_number_seq";
    /** The sealed global chain of the tamper evidence ({@code EventChainTable}). */
    private static final String CHAIN_TABLE = "event_chain";
    private static final Pattern RETURN_ORDER_NUMBER = Pattern.compile("RT-\\d+-(\\d{1,18})");
    private static final int BATCH = 500;
    private static final int MAX_LINE_CHARS = 4 * 1024 * 1024;
    private static final JsonFactory LINES = SerializationConfiguration.messageMapper().getFactory();

    private final EventLog log;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final NamedTypeSerializer serializer;
    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    EventArchive(EventLog log, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                 @Qualifier("eventSerializer") NamedTypeSerializer serializer) {
        this.log = log;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.serializer = serializer;
    }

    /** A line of the file that cannot be imported, with its line number. */
    public static class InvalidArchive extends RuntimeException {
        InvalidArchive(long line, String message) {
            super("line " + line + ": " + message);
        }
    }

    /** The store already holds events; import only restores into a new installation. */
    public static class StoreNotEmpty extends RuntimeException {
        StoreNotEmpty(long events) {
            super("the event store already holds " + events + " events; import restores into an empty store only");
        }
    }

    public record Imported(long events, long aggregates, long lastPosition) {
    }

    /** Writes every stored event, in position order; returns how many. */
    public long export(OutputStream out) throws IOException {
        long[] count = {0};
        try {
            log.forEach(event -> {
                try {
                    out.write(line(event).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count[0];
    }

    String line(StoredEvent event) throws IOException {
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

    /** Validates and stores every line in one transaction; the read models are the caller's business. */
    public Imported importFrom(InputStream in) {
        Loaded loaded = transaction.execute(status -> {
            replaceableContents();
            try {
                return insertAll(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        afterImport(loaded);
        return loaded.imported();
    }

    /** The actor of the default policy an installation defines on first start: today's, and earlier releases'. */
    private static final Set<String> DEFINED_BY_THIS_INSTALLATION =
            Set.of(SystemActor.POLICY_BOOTSTRAP.userId().value(), "system");

    /** Empty, or nothing but the default policy this installation defined for itself (which is removed). */
    private void replaceableContents() {
        long count = log.count();
        if (count == 0) {
            return;
        }
        if (count == 1) {
            List<StoredEvent> policy = log.aggregate("return-policy");
            if (policy.size() == 1 && policy.get(0).sequenceNumber() == 0
                    && "ReturnPolicyDefined".equals(policy.get(0).payloadType())
                    && DEFINED_BY_THIS_INSTALLATION.contains(
                            readTree(policy.get(0).metaData()).path(MetadataKeys.USER_ID).asText())) {
                jdbc.update("DELETE FROM " + TABLE + " WHERE eventIdentifier = ?", policy.get(0).eventIdentifier());
                // its seal in the tamper-evident global chain goes with it: the import's events are sealed afresh
                jdbc.update("DELETE FROM " + CHAIN_TABLE);
                return;
            }
        }
        throw new StoreNotEmpty(count);
    }

    private record Loaded(Imported imported, long lastReturnOrder) {
    }

    private Loaded insertAll(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var reader = new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
        var lastSequence = new HashMap<String, Long>();
        var batch = new ArrayList<Object[]>();
        long lineNo = 0;
        long events = 0;
        long lastPosition = -1;
        long lastReturnOrder = 0;
        String text;
        while (true) {
            try {
                text = reader.readLine();
            } catch (CharacterCodingException e) {
                throw new InvalidArchive(lineNo + 1, "not UTF-8");
            }
            if (text == null) {
                break;
            }
            lineNo++;
            if (text.isEmpty()) {
                throw new InvalidArchive(lineNo, "empty line");
            }
            if (text.length() > MAX_LINE_CHARS) {
                throw new InvalidArchive(lineNo, "longer than " + MAX_LINE_CHARS + " characters");
            }
            ArchivedEvent event = parse(lineNo, text);
            if (event.position() <= lastPosition) {
                throw new InvalidArchive(lineNo, "position " + event.position() + " does not follow "
                        + lastPosition);
            }
            long expected = lastSequence.getOrDefault(event.aggregateId(), -1L) + 1;
            if (event.sequenceNumber() != expected) {
                throw new InvalidArchive(lineNo, "aggregate " + event.aggregateId() + " expects sequence number "
                        + expected + ", found " + event.sequenceNumber());
            }
            validatePayload(lineNo, event);
            lastSequence.put(event.aggregateId(), event.sequenceNumber());
            lastPosition = event.position();
            lastReturnOrder = Math.max(lastReturnOrder, returnOrderNumber(event));
            batch.add(new Object[]{event.position(), event.eventId(), event.aggregateType(), event.aggregateId(),
                    event.sequenceNumber(), event.timestamp(), event.type(), event.revision(),
                    event.metaData().getBytes(StandardCharsets.UTF_8),
                    event.payload().getBytes(StandardCharsets.UTF_8)});
            events++;
            if (batch.size() == BATCH) {
                flush(batch);
            }
        }
        flush(batch);
        if (events == 0) {
            throw new InvalidArchive(0, "the file holds no events");
        }
        return new Loaded(new Imported(events, lastSequence.size(), lastPosition), lastReturnOrder);
    }

    private void flush(List<Object[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO " + TABLE + " (globalIndex, eventIdentifier, type, aggregateIdentifier, "
                + "sequenceNumber, timeStamp, payloadType, payloadRevision, metaData, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch);
        batch.clear();
    }

    /**
     * New events and return order numbers continue after the imported ones. DDL, so after the commit (H2 would
     * commit the import's transaction on it); both statements can be repeated safely.
     */
    private void afterImport(Loaded loaded) {
        jdbc.execute("ALTER TABLE " + TABLE + " ALTER COLUMN globalIndex RESTART WITH "
                + (loaded.imported().lastPosition() + 1));
        if (loaded.lastReturnOrder() > 0) {
            jdbc.execute("ALTER SEQUENCE " + RETURN_ORDER_SEQUENCE + " RESTART WITH "
                    + (loaded.lastReturnOrder() + 1));
        }
    }

    private long returnOrderNumber(ArchivedEvent event) {
        if (!"ReturnOrderIssued".equals(event.type())) {
            return 0;
        }
        var matcher = RETURN_ORDER_NUMBER.matcher(readTree(event.payload()).path("returnOrderNumber").asText(""));
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private void validatePayload(long lineNo, ArchivedEvent event) {
        if (!serializer.eventTypes().containsKey(event.type())) {
            throw new InvalidArchive(lineNo, "unknown event type " + event.type());
        }
        try {
            serializer.deserialize(new SimpleSerializedObject<>(event.payload().getBytes(StandardCharsets.UTF_8),
                    byte[].class, event.type(), event.revision()));
        } catch (RuntimeException e) {
            throw new InvalidArchive(lineNo, "payload is not a valid " + event.type() + " (" + rootMessage(e) + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    record ArchivedEvent(long position, String eventId, String aggregateType, String aggregateId,
                         long sequenceNumber, String type, String revision, String timestamp, String metaData,
                         String payload) {
    }

    private static final List<String> FIELDS = List.of("position", "eventId", "aggregateType", "aggregateId",
            "sequenceNumber", "type", "revision", "timestamp", "metaData", "payload");

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

    private JsonNode readTree(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
