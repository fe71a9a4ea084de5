package com.jxc.returns.edge.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** What the web layer accepts as input: body sizes, characters in JSON strings, URLs the firewall refuses. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimits.class)
class WebInputConfiguration implements WebMvcConfigurer {

    /** Ahead of security, so that an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(HttpLimits limits) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new QueryParameterCheck()).addPathPatterns("/api/**");
    }

    /** Errors Tomcat answers on its own (before any filter) are problem documents as well. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorPagesFromTomcat() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** Spring Security's firewall (encoded slashes, '..', control characters in the URL) answers with a problem. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> Problems.write(response, HttpStatus.BAD_REQUEST, "rejected-request",
                "The request URL or its headers contain characters or sequences that are not allowed.");
    }

    /**
     * Request bodies only (stored messages have their own mapper): a string with a control character other than tab
     * and line breaks, or with half of a surrogate pair, is refused, in values and in object keys.
     */
    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        var module = new SimpleModule("request-text")
                .addDeserializer(String.class, new CleanStringDeserializer())
                .addKeyDeserializer(String.class, new CleanKeyDeserializer())
                .addDeserializer(Instant.class, new TextOnlyInstantDeserializer());
        // Jackson trims what it cannot find among an enum's names, and a trim drops control characters too:
        // "REFUND\u0000" would be read as REFUND
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description,
                                                              JsonDeserializer<?> deserializer) {
                return new CleanEnumDeserializer(deserializer, type.getRawClass());
            }
        });
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                json.setObjectMapper(strictTypes(json.getObjectMapper().copy().registerModule(module)));
            }
        }
    }

    /**
     * A JSON value of the wrong type is refused instead of converted: {@code "quantity": "1"}, {@code "enabled": 1},
     * {@code "reason": 1}, {@code "sku": 12} and the like. Only for request bodies: stored events are read by their own
     * mapper, which stays as lenient as the day they were written.
     */
    static ObjectMapper strictTypes(ObjectMapper mapper) {
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final class CleanStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && !clean(value)) {
                throw context.weirdStringException(value, String.class, "contains a control character");
            }
            return value;
        }
    }

    private static final class CleanEnumDeserializer extends DelegatingDeserializer {

        private final Class<?> type;

        CleanEnumDeserializer(JsonDeserializer<?> delegate, Class<?> type) {
            super(delegate);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new CleanEnumDeserializer(delegate, type);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                String text = parser.getText();
                if (!clean(text) || !text.equals(text.strip())) {
                    throw context.weirdStringException(text, type, "not one of the names");
                }
            }
            return super.deserialize(parser, context);
        }
    }

    /** An instant is ISO-8601 text; Java time's own reader would also take a number as epoch seconds. */
    private static final class TextOnlyInstantDeserializer extends StdScalarDeserializer<Instant> {

        TextOnlyInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    private static final class CleanKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (!clean(key)) {
                throw context.weirdKeyException(String.class, key, "contains a control character");
            }
            return key;
        }
    }
}
