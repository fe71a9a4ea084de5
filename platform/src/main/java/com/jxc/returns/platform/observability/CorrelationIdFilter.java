package com.jxc.returns.platform.observability;

import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.command.web.CommandDispatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One correlation id per request: the caller's {@code X-Correlation-Id} if it is a safe token, else a new one. It is
 * in the logging MDC (key {@code correlationId}) for every log line of the request, echoed in the response header,
 * and seen by everything downstream that reads the request header (the command dispatcher stores it on every event
 * the request causes), so logs, events and the client all name the same id.
 */
class CorrelationIdFilter extends OncePerRequestFilter {

    static final String HEADER = CommandDispatcher.CORRELATION_HEADER;
    static final String MDC_KEY = MetadataKeys.CORRELATION_ID;
    private static final Pattern SAFE = Pattern.compile(CommandDispatcher.CORRELATION_ID_PATTERN);
    private static final Logger log = LoggerFactory.getLogger(CorrelationIdFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String correlationId = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, correlationId);
        response.setHeader(HEADER, correlationId);
        long started = System.nanoTime();
        try {
            chain.doFilter(correlationId.equals(given) ? request : new WithCorrelationId(request, correlationId),
                    response);
        } finally {
            if (log.isDebugEnabled()) {
                log.debug("{} {} -> {} in {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    /** The request as if the caller had sent the effective correlation id. */
    private static final class WithCorrelationId extends HttpServletRequestWrapper {
        private final String correlationId;

        WithCorrelationId(HttpServletRequest request, String correlationId) {
            super(request);
            this.correlationId = correlationId;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? correlationId : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(correlationId))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            var names = Collections.list(super.getHeaderNames());
            if (names.stream().noneMatch(HEADER::equalsIgnoreCase)) {
                names.add(HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
