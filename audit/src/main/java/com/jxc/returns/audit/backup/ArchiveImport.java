package com.jxc.returns.audit.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.EventTypes;
import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.common.SystemActor;
import com.jxc.returns.api.returnpolicy.ReturnPolicyDefined;
import com.jxc.returns.api.returnpolicy.ReturnPolicyId;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnOrderNumber;
import com.jxc.returns.audit.EventLog;
import com.jxc.returns.audit.StoredEvent;
import com.jxc.returns.platform.serialization.NamedTypeSerializer;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * An event archive ({@link EventArchive}) back into the store. Import goes into an empty store only (one that holds
 * nothing but the default policy a new installation defines for itself at start-up, which the import replaces),
 * validates every line, and stores all of it in one transaction or nothing. Positions are kept, so what an auditor or
 * a feed consumer knew as position 42 stays position 42.
 */
@Component
public class ArchiveImport {

    private static final int BATCH = 500;
    private static final int MAX_LINE_CHARS = 4 * 1024 * 1024;
    private static final String RETURN_ORDER_ISSUED = EventTypes.nameOf(ReturnOrderIssued.class);
    private static final String POLICY_DEFINED = EventTypes.nameOf(ReturnPolicyDefined.class);
    /** The actor of the default policy an installation defines on first start: today's, and earlier releases'. */
    private static final Set<String> DEFINED_BY_THIS_INSTALLATION =
            Set.of(SystemActor.POLICY_BOOTSTRAP.userId().value(), "system");

    private final EventLog log;
    private final RestoreTables tables;
    private final TransactionTemplate transaction;
    private final NamedTypeSerializer serializer;
    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    ArchiveImport(EventLog log, RestoreTables tables, PlatformTransactionManager transactions,
                  @Qualifier("eventSerializer") NamedTypeSerializer serializer) {
        this.log = log;
        this.tables = tables;
        this.transaction = new TransactionTemplate(transactions);
        this.serializer = serializer;
    }

    /** The store already holds events; import only restores into a new installation. */
    public static class StoreNotEmpty extends RuntimeException {
        StoreNotEmpty(long events) {
            super("the event store already holds " + events + " events; import restores into an empty store only");
        }
    }

    public record Imported(long events, long aggregates, long lastPosition) {
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
        tables.continueAfter(loaded.imported().lastPosition(), loaded.lastReturnOrder());
        return loaded.imported();
    }

    /** Empty, or nothing but the default policy this installation defined for itself (which is removed). */
    private void replaceableContents() {
        long count = log.count();
        if (count == 0) {
            return;
        }
        if (count == 1) {
            List<StoredEvent> policy = log.aggregate(ReturnPolicyId.CURRENT.value());
            if (policy.size() == 1 && policy.get(0).sequenceNumber() == 0
                    && POLICY_DEFINED.equals(policy.get(0).payloadType())
                    && DEFINED_BY_THIS_INSTALLATION.contains(
                            readTree(policy.get(0).metaDataJson()).path(MetadataKeys.USER_ID).asText())) {
                tables.removeOwnEvent(policy.get(0).eventIdentifier());
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
        var batch = new ArrayList<ArchivedEvent>();
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
            ArchivedEvent event = ArchiveLine.parse(lineNo, text);
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
            lastReturnOrder = Math.max(lastReturnOrder, returnOrderSerial(event));
            batch.add(event);
            events++;
            if (batch.size() == BATCH) {
                tables.insert(batch);
                batch.clear();
            }
        }
        tables.insert(batch);
        if (events == 0) {
            throw new InvalidArchive(0, "the file holds no events");
        }
        return new Loaded(new Imported(events, lastSequence.size(), lastPosition), lastReturnOrder);
    }

    private long returnOrderSerial(ArchivedEvent event) {
        if (!RETURN_ORDER_ISSUED.equals(event.type())) {
            return 0;
        }
        return ReturnOrderNumber.serialOf(readTree(event.payload()).path("returnOrderNumber").asText(""))
                .orElse(0);
    }

    private void validatePayload(long lineNo, ArchivedEvent event) {
        if (!serializer.eventTypes().containsKey(event.type())) {
            throw new InvalidArchive(lineNo, "unknown event type " + event.type());
        }
        try {
            serializer.deserialize(new SimpleSerializedObject<>(event.payload().getBytes(StandardCharsets.UTF_8),
                    byte[].class, event.type(), event.revision()));
        } catch (RuntimeException e) {
            throw new InvalidArchive(lineNo, "payload is not a valid " + event.type() + " ("
                    + ArchiveLine.rootMessage(e) + ")");
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
