package com.jxc.returns.platform.serialization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jackson2.autoconfigure.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/** Jackson everywhere: events, commands, queries, snapshots and tokens, with one set of rules. */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

    /** The mapper for stored messages: strict and independent of the web layer's settings. */
    public static ObjectMapper messageMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()))
                .addModule(new KernelJacksonModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // record components are the message; helpers such as Money.isZero() are not
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .build();
    }

    /**
     * The serializer with its metadata read by {@link CachingMetaDataDeserializer}: registered after the module Axon's
     * serializer registers when it is built, so Jackson asks it first.
     */
    static <S extends JacksonSerializer> S withMetaDataDeserializer(S serializer) {
        serializer.getObjectMapper().registerModule(new SimpleModule("metadata-deserializer-resolved-once")
                .addDeserializer(MetaData.class, new CachingMetaDataDeserializer()));
        return serializer;
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer kernelTypesOnTheWeb() {
        return builder -> builder.modulesToInstall(modules -> modules.add(new KernelJacksonModule()));
    }

    @Bean
    @Primary
    Serializer serializer() {
        return withMetaDataDeserializer(JacksonSerializer.builder().objectMapper(messageMapper()).build());
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return NamedTypeSerializer.create(JacksonSerializer.builder().objectMapper(messageMapper()));
    }

    @Bean
    @Qualifier("eventSerializer")
    NamedTypeSerializer eventSerializer() {
        return NamedTypeSerializer.create(JacksonSerializer.builder().objectMapper(messageMapper()));
    }
}
