package com.jxc.returns.platform.serialization.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.api.returnrequest.FeedbackChannel;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@link FeedbackGiven} revision 1 → 2: revision 1 did not record where the feedback was taken, so the upcast event
 * says {@link FeedbackChannel#NOT_RECORDED}. Runs whenever events are read through Axon (aggregates, processors,
 * replays, as-of queries); the stored bytes never change, so the tamper-evidence hashes stay valid and the audit
 * history still shows what was stored (revision 1, without a channel).
 * <p>
 * A Spring bean: Axon's Spring Boot configuration registers every {@code EventUpcaster} bean in the upcaster chain,
 * which the JDBC storage engine is built with ({@code EventStoreConfiguration}). It lives here rather than next to
 * the event because the shared kernel does not depend on Jackson.
 */
@Component
public class FeedbackGivenUpcaster extends SingleEventUpcaster {

    static final SerializedType REVISION_1 = new SimpleSerializedType("FeedbackGiven", "1");
    static final SerializedType REVISION_2 = new SimpleSerializedType("FeedbackGiven", "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            if (!(payload instanceof ObjectNode stored) || stored.hasNonNull("channel")) {
                return payload;
            }
            ObjectNode upcast = stored.deepCopy();
            upcast.put("channel", FeedbackChannel.NOT_RECORDED.name());
            return upcast;
        });
    }
}
