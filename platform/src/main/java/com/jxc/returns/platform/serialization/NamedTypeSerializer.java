package com.jxc.returns.platform.serialization;

import com.jxc.returns.api.common.EventTypeName;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Jackson serializer that stores events under their {@link EventTypeName} instead of their Java class name, so
 * stored events survive a class being renamed or moved. Other messages keep their class names.
 */
public class NamedTypeSerializer extends JacksonSerializer {

    private final Map<String, Class<?>> classesByName;

    protected NamedTypeSerializer(Builder builder, Map<String, Class<?>> classesByName) {
        super(builder);
        this.classesByName = Map.copyOf(classesByName);
    }

    /** A serializer knowing every concrete type reachable from the given sealed roots. */
    public static NamedTypeSerializer create(JacksonSerializer.Builder builder, Class<?>... sealedRoots) {
        var byName = new HashMap<String, Class<?>>();
        Arrays.stream(sealedRoots).flatMap(NamedTypeSerializer::concreteTypes).forEach(type -> {
            EventTypeName name = type.getAnnotation(EventTypeName.class);
            if (name == null) {
                throw new IllegalStateException(type + " lacks @EventTypeName");
            }
            Class<?> previous = byName.put(name.value(), type);
            if (previous != null && previous != type) {
                throw new IllegalStateException("event type name " + name.value() + " is used twice");
            }
        });
        return new NamedTypeSerializer(builder, byName);
    }

    public static Stream<Class<?>> concreteTypes(Class<?> root) {
        if (!root.isSealed()) {
            return Stream.of(root);
        }
        return Arrays.stream(root.getPermittedSubclasses()).flatMap(NamedTypeSerializer::concreteTypes);
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
