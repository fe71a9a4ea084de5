package com.jxc.returns.platform.observability;

import org.axonframework.eventhandling.DefaultEventProcessorSpanFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanFactory;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class NoSpansInReplaysTest {

    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** Axon's no-op factory, recording which of its methods were called. */
    private final SpanFactory live = (SpanFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{SpanFactory.class}, (proxy, method, args) -> {
                asked.add(method.getName());
                return method.invoke(NoOpSpanFactory.INSTANCE, args);
            });
    private final SpanFactory spans = new NoSpansInReplays(live);
    private final ReplaysUntraced processorSpans = new ReplaysUntraced(DefaultEventProcessorSpanFactory.builder()
            .spanFactory(spans).build());

    @Test
    void aHandlerOfAnEventARebuildHandlesAgainGetsNoSpan() throws Exception {
        Span handlerSpan = processorSpans.createProcessEventSpan(true, event(true))
                .runCallable(() -> spans.createInternalSpan(() -> "Projection.on(Event)"));

        assertThat(asked).isEmpty();
        assertThat(handlerSpan).isSameAs(NoOpSpanFactory.INSTANCE.createInternalSpan(() -> "any"));
    }

    @Test
    void aHandlerOfALiveEventGetsItsSpanFromTheTracer() throws Exception {
        processorSpans.createProcessEventSpan(true, event(false))
                .runCallable(() -> spans.createInternalSpan(() -> "Projection.on(Event)"));

        assertThat(asked).contains("createInternalSpan");
        assertThat(ReplaysUntraced.isReplaying()).isFalse();
    }

    private static TrackedEventMessage<String> event(boolean replayed) {
        var position = new GlobalSequenceTrackingToken(5);
        return new GenericTrackedEventMessage<>(replayed
                ? ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10), position) : position,
                GenericEventMessage.asEventMessage("event"));
    }
}
