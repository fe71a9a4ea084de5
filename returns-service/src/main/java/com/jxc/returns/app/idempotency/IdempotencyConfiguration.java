package com.jxc.returns.app.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;

/**
 * Registers the Idempotency-Key filter behind Spring Security (it needs the signed-in user: keys are per user).
 * {@code returns.idempotency.pending-lease}: how long a started request owns its key before another may take it
 * over (longer than any command may run); {@code wait}: how long a second request with the same key waits for the
 * first; {@code retention}: how long keys and their responses are kept.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** After Spring Security (order -100), before Spring MVC. */
    static final int ORDER = 0;

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
            IdempotencyRecords records, PlatformTransactionManager transactionManager,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers, ObjectMapper json,
            @Value("${returns.idempotency.pending-lease:PT1M}") Duration pendingLease,
            @Value("${returns.idempotency.wait:PT15S}") Duration wait,
            @Value("${returns.idempotency.retention:P1D}") Duration retention) {
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(records, transactionManager, handlers,
                json, pendingLease, wait, retention));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(ORDER);
        return registration;
    }
}
