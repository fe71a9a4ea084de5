package com.jxc.returns.platform.observability;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;

import java.util.List;

/**
 * Event processors' spans for live events only. An event handled again while its read model is rebuilt is not
 * traced: a rebuild of every read model would otherwise send a span per event, processor and handler (about a million
 * for 100,000 events) to the collector, attach spans to the traces of recent commands long after they ended, and cost
 * a sixth of the rebuild's time. The replayed event runs under a span context that is not sampled, so the handlers'
 * own spans below it are not recorded either.
 */
final class ReplaysUntraced implements EventProcessorSpanFactory {

    private static final io.opentelemetry.api.trace.Span NOT_SAMPLED = io.opentelemetry.api.trace.Span.wrap(
            SpanContext.create("7265706c6179696e672072656275696c", "7265706c61796564", TraceFlags.getDefault(),
                    TraceState.getDefault()));

    private final EventProcessorSpanFactory live;

    /** Whether the current thread handles an event again for a rebuild (under the context that is not sampled). */
    static boolean isReplaying() {
        return io.opentelemetry.api.trace.Span.current() == NOT_SAMPLED;
    }

    ReplaysUntraced(EventProcessorSpanFactory live) {
        this.live = live;
    }

    @Override
    public Span createBatchSpan(boolean streaming, List<? extends EventMessage<?>> eventMessages) {
        return !eventMessages.isEmpty() && eventMessages.stream().allMatch(ReplayToken::isReplay)
                ? NotSampled.INSTANCE : live.createBatchSpan(streaming, eventMessages);
    }

    @Override
    public Span createProcessEventSpan(boolean streaming, EventMessage<?> eventMessage) {
        return ReplayToken.isReplay(eventMessage) ? NotSampled.INSTANCE
                : live.createProcessEventSpan(streaming, eventMessage);
    }

    /** Makes a span context current that is not sampled, so nothing started under it is recorded. */
    private enum NotSampled implements Span {
        INSTANCE;

        @Override
        public Span start() {
            return this;
        }

        @Override
        public SpanScope makeCurrent() {
            Scope scope = Context.current().with(NOT_SAMPLED).makeCurrent();
            return scope::close;
        }

        @Override
        public void end() {
        }

        @Override
        public Span recordException(Throwable t) {
            return this;
        }
    }
}
