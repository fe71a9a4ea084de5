package com.jxc.returns.audit.integrity;

import org.axonframework.common.Registration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * Chains every event to the one before it in its aggregate: adds {@code previousHash} (the hash of sequence n-1, or
 * {@link EventHashing#GENESIS} for the first) and {@code eventHash} to the metadata before the event is stored.
 * <p>
 * Axon runs event dispatch interceptors when the unit of work prepares to commit, over all events it staged and in
 * order, just before the storage engine appends them; so several events of one aggregate in one unit of work link to
 * each other through the map kept in that unit of work. The first event of an aggregate in a unit of work links to
 * the stored event before it: found in a small cache of hashes that were committed, else read from the event store.
 * A cached entry is only used for exactly sequence n-1, which once committed never changes, so the cache is right
 * even with several writers.
 */
public final class EventHashInterceptor implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(EventHashInterceptor.class);
    private static final String LINKS = EventHashInterceptor.class.getName() + ".links";
    private static final int CACHED_AGGREGATES = 10_000;

    private final EventStore eventStore;
    private final Serializer eventSerializer;
    private final EventHashing hashing;
    private final Map<String, Link> committed = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Link> eldest) {
                    return size() > CACHED_AGGREGATES;
                }
            });
    private Registration registration;

    EventHashInterceptor(EventStore eventStore, Serializer eventSerializer, EventHashing hashing) {
        this.eventStore = eventStore;
        this.eventSerializer = eventSerializer;
        this.hashing = hashing;
    }

    /** The hash of one event and where it stands in its aggregate. */
    record Link(long sequenceNumber, String hash) {
    }

    public synchronized void attach() {
        if (registration == null) {
            registration = eventStore.registerDispatchInterceptor(this);
        }
    }

    public synchronized void detach() {
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        Map<String, Link> links = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getOrComputeResource(LINKS, key -> linksOf(CurrentUnitOfWork.get()))
                : new HashMap<>();
        return (index, message) -> chain(message, links);
    }

    private Map<String, Link> linksOf(UnitOfWork<?> unitOfWork) {
        Map<String, Link> links = new HashMap<>();
        unitOfWork.root().afterCommit(u -> committed.putAll(links));
        return links;
    }

    private EventMessage<?> chain(EventMessage<?> message, Map<String, Link> links) {
        // stored as the JDBC engine stores an event published outside an aggregate
        String aggregateId = message instanceof DomainEventMessage<?> domain
                ? domain.getAggregateIdentifier() : message.getIdentifier();
        long sequenceNumber = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : 0;
        String previous = sequenceNumber == 0 ? EventHashing.GENESIS : previousHash(aggregateId, sequenceNumber, links);
        MetaData linked = message.getMetaData().and(EventHashing.PREVIOUS_HASH, previous);
        SerializedObject<byte[]> payload = message.serializePayload(eventSerializer, byte[].class);
        String hash = hashOf(message, linked, payload);
        links.put(aggregateId, new Link(sequenceNumber, hash));
        MetaData signed = linked.and(EventHashing.EVENT_HASH, hash);
        if (message instanceof DomainEventMessage<?> domain) {
            return signed(domain, signed, payload);
        }
        return message.withMetaData(signed);
    }

    private <T> DomainEventMessage<T> signed(DomainEventMessage<T> message, MetaData metaData,
                                             SerializedObject<byte[]> payload) {
        return new GenericDomainEventMessage<>(message.getType(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), new PreSerializedMessage<>(message, metaData, eventSerializer, payload),
                message.getTimestamp());
    }

    private String previousHash(String aggregateId, long sequenceNumber, Map<String, Link> links) {
        Link inThisUnit = links.get(aggregateId);
        if (inThisUnit != null && inThisUnit.sequenceNumber() == sequenceNumber - 1) {
            return inThisUnit.hash();
        }
        Link cached = committed.get(aggregateId);
        if (cached != null && cached.sequenceNumber() == sequenceNumber - 1) {
            return cached.hash();
        }
        DomainEventStream stored = eventStore.readEvents(aggregateId, sequenceNumber - 1);
        if (stored.hasNext()) {
            DomainEventMessage<?> before = stored.next();
            if (before.getSequenceNumber() == sequenceNumber - 1) {
                Object hash = before.getMetaData().get(EventHashing.EVENT_HASH);
                // an event stored before chaining began: link to the hash of what is stored for it
                return hash != null ? hash.toString() : hashOf(before);
            }
        }
        log.warn("No event {} of aggregate {} to chain event {} to", sequenceNumber - 1, aggregateId, sequenceNumber);
        return "unknown";
    }

    private String hashOf(EventMessage<?> message) {
        return hashOf(message, message.getMetaData(), message.serializePayload(eventSerializer, byte[].class));
    }

    private String hashOf(EventMessage<?> message, MetaData metaData, SerializedObject<byte[]> payload) {
        DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> d ? d : null;
        return hashing.eventHash(new EventHashing.StoredEvent(
                domain != null ? domain.getType() : null,
                domain != null ? domain.getAggregateIdentifier() : message.getIdentifier(),
                domain != null ? domain.getSequenceNumber() : 0,
                message.getIdentifier(), formatInstant(message.getTimestamp()),
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData));
    }
}
