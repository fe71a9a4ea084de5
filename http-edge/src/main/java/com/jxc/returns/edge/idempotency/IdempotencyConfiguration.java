package com.jxc.returns.edge.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import com.jxc.returns.edge.web.HttpLimits;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;


/**
 * Registers the Idempotency-Key filter behind Spring Security (it needs the signed-in user: keys are per user), with
 * {@link IdempotencyProperties} and the body limit of every JSON endpoint ({@code returns.http.max-body-size}).
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** After Spring Security (order -100), before Spring MVC. */
    static final int ORDER = 0;

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
            IdempotencyRecords records, PlatformTransactionManager transactionManager,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers, ObjectMapper json,
            IdempotencyProperties idempotency, HttpLimits limits) {
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(records, transactionManager, handlers,
                json, idempotency, limits.maxBodySize()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(ORDER);
        return registration;
    }
}
