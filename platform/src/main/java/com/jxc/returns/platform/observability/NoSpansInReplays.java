package com.jxc.returns.platform.observability;

import org.axonframework.messaging.Message;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

import java.util.function.Supplier;

/**
 * Axon's spans, except under an event a rebuild handles again ({@link ReplaysUntraced}): there nothing is recorded
 * anyway, and a span per handler and per query update would still be built, made current and ended, for every event
 * and read model of the rebuild.
 */
final class NoSpansInReplays implements SpanFactory {

    private final SpanFactory live;

    NoSpansInReplays(SpanFactory live) {
        this.live = live;
    }

    private SpanFactory current() {
        return ReplaysUntraced.isReplaying() ? NoOpSpanFactory.INSTANCE : live;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationNameSupplier) {
        return current().createRootTrace(operationNameSupplier);
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage,
                                  boolean isChildTrace, Message<?>... linkedParents) {
        return current().createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage,
                                   Message<?>... linkedSiblings) {
        return current().createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier) {
        return current().createInternalSpan(operationNameSupplier);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier, Message<?> message) {
        return current().createInternalSpan(operationNameSupplier, message);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        live.registerSpanAttributeProvider(provider);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return current().propagateContext(message);
    }
}
