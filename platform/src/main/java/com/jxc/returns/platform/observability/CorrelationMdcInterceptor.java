package com.jxc.returns.platform.observability;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * While a message is handled (a command, or an event in a processor), the logging MDC holds the correlation id the
 * message carries in its metadata, so log lines written by handlers on processor threads name the request that
 * started the flow. The MDC is restored afterwards.
 */
class CorrelationMdcInterceptor<T extends Message<?>> implements MessageHandlerInterceptor<T> {

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        Object correlationId = unitOfWork.getMessage().getMetaData().get(CorrelationIdFilter.MDC_KEY);
        if (correlationId == null) {
            return interceptorChain.proceed();
        }
        String previous = MDC.get(CorrelationIdFilter.MDC_KEY);
        MDC.put(CorrelationIdFilter.MDC_KEY, correlationId.toString());
        try {
            return interceptorChain.proceed();
        } finally {
            if (previous == null) {
                MDC.remove(CorrelationIdFilter.MDC_KEY);
            } else {
                MDC.put(CorrelationIdFilter.MDC_KEY, previous);
            }
        }
    }
}
