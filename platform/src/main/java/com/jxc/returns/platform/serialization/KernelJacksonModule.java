package com.jxc.returns.platform.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.KeyDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.jxc.returns.api.common.SingleValue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Writes every {@link SingleValue} record (ids, SKUs, quantities) as its bare value and reads it back through its
 * canonical constructor, so that the constructor's validation also guards deserialisation.
 */
public class KernelJacksonModule extends SimpleModule {

    public KernelJacksonModule() {
        super("returns-kernel");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addSerializers(new Serializers.Base() {
            @Override
            public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription bean) {
                return isSingleValue(type.getRawClass()) ? new SingleValueSerializer() : null;
            }
        });
        context.addDeserializers(new Deserializers.Base() {
            @Override
            public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                            BeanDescription bean) {
                return isSingleValue(type.getRawClass()) ? new SingleValueDeserializer(type.getRawClass()) : null;
            }
        });
        context.addKeyDeserializers(new KeyDeserializers() {
            @Override
            public KeyDeserializer findKeyDeserializer(JavaType type, DeserializationConfig config,
                                                       BeanDescription bean) {
                if (!isSingleValue(type.getRawClass())) {
                    return null;
                }
                var constructor = canonicalConstructor(type.getRawClass());
                return new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
                        return construct(constructor, key, ctxt);
                    }
                };
            }
        });
    }

    private static boolean isSingleValue(Class<?> type) {
        return type.isRecord() && SingleValue.class.isAssignableFrom(type);
    }

    private static Constructor<?> canonicalConstructor(Class<?> type) {
        RecordComponent component = type.getRecordComponents()[0];
        try {
            return type.getDeclaredConstructor(component.getType());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    private static Object construct(Constructor<?> constructor, Object value, DeserializationContext ctxt)
            throws JsonMappingException {
        try {
            return constructor.newInstance(value);
        } catch (InvocationTargetException e) {
            throw JsonMappingException.from(ctxt, e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw JsonMappingException.from(ctxt, "cannot create " + constructor.getDeclaringClass().getSimpleName(), e);
        }
    }

    private static final class SingleValueSerializer extends JsonSerializer<Object> {

        /** The accessor of each type's one component, looked up once (not at every value written). */
        private static final ClassValue<Method> ACCESSORS = new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                return type.getRecordComponents()[0].getAccessor();
            }
        };

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            try {
                serializers.defaultSerializeValue(ACCESSORS.get(value.getClass()).invoke(value), gen);
            } catch (ReflectiveOperationException e) {
                throw JsonMappingException.from(gen, "cannot read " + value.getClass().getSimpleName(), e);
            }
        }
    }

    private static final class SingleValueDeserializer extends JsonDeserializer<Object> {
        private final Constructor<?> constructor;
        private final Class<?> valueType;

        SingleValueDeserializer(Class<?> type) {
            this.constructor = canonicalConstructor(type);
            this.valueType = constructor.getParameterTypes()[0];
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
            Object value = ctxt.readValue(parser, valueType);
            return construct(constructor, value, ctxt);
        }
    }
}
