package com.jxc.returns.platform.serialization;

import com.jxc.returns.api.EventTypes;
import com.jxc.returns.api.common.EventTypeName;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Map;

/**
 * Jackson serializer that stores events under their {@link EventTypeName} instead of their Java class name, so
 * stored events survive a class being renamed or moved. Other messages keep their class names.
 */
public class NamedTypeSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> classesByName;

    protected NamedTypeSerializer(Builder builder, Map<String, Class<?>> classesByName) {
        super(builder);
        SerializationConfiguration.withMetaDataDeserializer(this);
        this.classesByName = Map.copyOf(classesByName);
    }

    /** A serializer knowing every event of the domain ({@link EventTypes}). */
    public static NamedTypeSerializer create(JacksonSerializer.Builder builder) {
        return new NamedTypeSerializer(builder, EventTypes.byName());
    }

    public Map<String, Class<?>> eventTypes() {
        return classesByName;
    }

    @Override
    public SerializedType typeForClass(Class type) {
        if (type != null) {
            EventTypeName name = (EventTypeName) type.getAnnotation(EventTypeName.class);
            if (name != null) {
                return new SimpleSerializedType(name.value(), getRevisionResolver().revisionOf(type));
            }
        }
        return super.typeForClass(type);
    }

    @Override
    public Class classForType(SerializedType type) {
        Class<?> named = classesByName.get(type.getName());
        return named != null ? named : super.classForType(type);
    }
}
