package com.jxc.returns.projection.support;

import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A record type as {@link DocumentMapper} stores it, mapped by its components directly: the documents Jackson made of
 * it (through a map of its properties), field for field and type for type, without building that map and parsing
 * it back. Only for records whose every component has a type listed here and that Jackson would map by their
 * components alone (no other getter, no Jackson annotation); {@link #of} answers {@code null} for any other type,
 * which Jackson keeps mapping. Reading takes the typed shapes only: a document of an older shape (amounts and
 * instants as text) or with any value not of the type written is {@link Unreadable} here and read by Jackson.
 */
final class RecordShape {

    /** A stored value this shape does not read; the document is read the general way. */
    static final class Unreadable extends Exception {

        private static final Unreadable INSTANCE = new Unreadable();

        private Unreadable() {
            super(null, null, false, false);
        }
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    private final Component[] components;
    private final MethodHandle constructor;

    private RecordShape(Component[] components, MethodHandle constructor) {
        this.components = components;
        this.constructor = constructor;
    }

    /** The shape of {@code type}, or {@code null} when it is not a record this class maps. */
    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    void write(Object record, Document into) {
        for (Component component : components) {
            component.write(record, into);
        }
    }

    /**
     * The document of {@code record} under {@code id}, encoded: the bytes the driver would encode of the document
     * {@link #write} makes, without making it.
     */
    RawBsonDocument toBson(String id, Object record) {
        var buffer = new BasicOutputBuffer(512);
        try (var writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeString("_id", id);
            writeBson(record, writer);
            writer.writeEndDocument();
        }
        return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
    }

    private void writeBson(Object record, BsonWriter writer) {
        for (Component component : components) {
            component.writeBson(record, writer);
        }
    }

    Object read(Document document) throws Unreadable {
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = components[i].read(document);
        }
        try {
            return constructor.invoke(arguments);
        } catch (RuntimeException rejected) {
            // the canonical constructor's own checks: Jackson reports them as it always did
            throw Unreadable.INSTANCE;
        } catch (Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new IllegalStateException(checked);
        }
    }

    /** One component: its field name, how to get its value, and the type of that value in a document. */
    private record Component(String name, MethodHandle accessor, ValueType type, boolean instant, Object absent) {

        void write(Object record, Document into) {
            Object value = valueOf(record);
            if (instant && value != null) {
                Instant at = (Instant) value;
                into.put(name, DocumentMapper.date(at));
                int nanos = DocumentMapper.nanosWithinMilli(at);
                if (nanos != 0) {
                    into.put(name + DocumentMapper.NANOS_SUFFIX, nanos);
                }
                return;
            }
            into.put(name, value == null ? null : type.write(value));
        }

        void writeBson(Object record, BsonWriter writer) {
            Object value = valueOf(record);
            writer.writeName(name);
            if (value == null) {
                writer.writeNull();
            } else if (instant) {
                Instant at = (Instant) value;
                writer.writeDateTime(at.toEpochMilli());
                int nanos = DocumentMapper.nanosWithinMilli(at);
                if (nanos != 0) {
                    writer.writeInt32(name + DocumentMapper.NANOS_SUFFIX, nanos);
                }
            } else {
                type.writeBson(value, writer);
            }
        }

        private Object valueOf(Object record) {
            try {
                return accessor.invoke(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable checked) {
                throw new IllegalStateException("cannot read " + name + " of " + record.getClass().getName(), checked);
            }
        }

        Object read(Document document) throws Unreadable {
            Object stored = document.get(name);
            if (stored == null) {
                return absent;
            }
            if (instant) {
                if (!(stored instanceof Date date)) {
                    throw Unreadable.INSTANCE;
                }
                Object nanos = document.get(name + DocumentMapper.NANOS_SUFFIX);
                return nanos instanceof Number n ? date.toInstant().plusNanos(n.longValue()) : date.toInstant();
            }
            return type.read(stored);
        }
    }

    /** How values of one declared type are written to a document (or as BSON) and read from one. */
    private interface ValueType {

        Object write(Object value);

        /** Writes {@code value} (not null) as {@link #write} and the driver's document codec would encode it. */
        void writeBson(Object value, BsonWriter writer);

        Object read(Object stored) throws Unreadable;
    }

    /** Values stored as they are: strings, booleans, doubles. */
    private record AsStored(Class<?> type) implements ValueType {

        @Override
        public Object write(Object value) {
            return value;
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            if (value instanceof String text) {
                writer.writeString(text);
            } else if (value instanceof Boolean flag) {
                writer.writeBoolean(flag);
            } else {
                writer.writeDouble((Double) value);
            }
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (stored.getClass() != type) {
                throw Unreadable.INSTANCE;
            }
            return stored;
        }
    }

    private static final ValueType INT = new ValueType() {
        @Override
        public Object write(Object value) {
            return value;
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeInt32((Integer) value);
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (stored instanceof Integer) {
                return stored;
            }
            if (stored instanceof Long wide && wide == wide.intValue()) {
                return wide.intValue();
            }
            throw Unreadable.INSTANCE;
        }
    };

    private static final ValueType LONG = new ValueType() {
        @Override
        public Object write(Object value) {
            return value;
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeInt64((Long) value);
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (stored instanceof Long) {
                return stored;
            }
            if (stored instanceof Integer narrow) {
                return narrow.longValue();
            }
            throw Unreadable.INSTANCE;
        }
    };

    private static final ValueType DECIMAL = new ValueType() {
        @Override
        public Object write(Object value) {
            return new Decimal128((BigDecimal) value);
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeDecimal128(new Decimal128((BigDecimal) value));
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (stored instanceof Decimal128 decimal) {
                try {
                    return decimal.bigDecimalValue();
                } catch (ArithmeticException notANumber) {
                    throw Unreadable.INSTANCE;
                }
            }
            throw Unreadable.INSTANCE;
        }
    };

    private static final ValueType DAY = new ValueType() {
        @Override
        public Object write(Object value) {
            return value.toString();
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeString(value.toString());
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (stored instanceof String text && text.length() == 10) {
                try {
                    return LocalDate.parse(text);
                } catch (RuntimeException notADay) {
                    throw Unreadable.INSTANCE;
                }
            }
            throw Unreadable.INSTANCE;
        }
    };

    private record EnumType(Class<? extends Enum<?>> type, Map<String, Enum<?>> byName) implements ValueType {

        static EnumType of(Class<?> type) {
            Map<String, Enum<?>> byName = new LinkedHashMap<>();
            for (Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), (Enum<?>) constant);
            }
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> enumType = (Class<? extends Enum<?>>) type;
            return new EnumType(enumType, byName);
        }

        @Override
        public Object write(Object value) {
            return ((Enum<?>) value).name();
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeString(((Enum<?>) value).name());
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            Enum<?> constant = stored instanceof String name ? byName.get(name) : null;
            if (constant == null) {
                throw Unreadable.INSTANCE;
            }
            return constant;
        }
    }

    private record Nested(RecordShape shape) implements ValueType {

        @Override
        public Object write(Object value) {
            var document = new Document();
            shape.write(value, document);
            return document;
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeStartDocument();
            shape.writeBson(value, writer);
            writer.writeEndDocument();
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (!(stored instanceof Document document)) {
                throw Unreadable.INSTANCE;
            }
            return shape.read(document);
        }
    }

    /** Lists, sets and other collections: a BSON array, read back as Jackson builds them (a set as a hash set). */
    private record Many(ValueType items, boolean set) implements ValueType {

        @Override
        public Object write(Object value) {
            Collection<?> values = (Collection<?>) value;
            List<Object> written = new ArrayList<>(values.size());
            for (Object item : values) {
                written.add(item == null ? null : items.write(item));
            }
            return written;
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeStartArray();
            for (Object item : (Collection<?>) value) {
                if (item == null) {
                    writer.writeNull();
                } else {
                    items.writeBson(item, writer);
                }
            }
            writer.writeEndArray();
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (!(stored instanceof List<?> values)) {
                throw Unreadable.INSTANCE;
            }
            Collection<Object> read = set ? new HashSet<>() : new ArrayList<>(values.size());
            for (Object item : values) {
                read.add(item == null ? null : items.read(item));
            }
            return read;
        }
    }

    /** Maps with text keys: a document of their entries. */
    private record Keyed(ValueType values) implements ValueType {

        @Override
        public Object write(Object value) {
            var document = new Document();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                document.put((String) entry.getKey(), entry.getValue() == null ? null : values.write(entry.getValue()));
            }
            return document;
        }

        @Override
        public void writeBson(Object value, BsonWriter writer) {
            writer.writeStartDocument();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                writer.writeName((String) entry.getKey());
                if (entry.getValue() == null) {
                    writer.writeNull();
                } else {
                    values.writeBson(entry.getValue(), writer);
                }
            }
            writer.writeEndDocument();
        }

        @Override
        public Object read(Object stored) throws Unreadable {
            if (!(stored instanceof Document document)) {
                throw Unreadable.INSTANCE;
            }
            Map<String, Object> read = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : document.entrySet()) {
                read.put(entry.getKey(), entry.getValue() == null ? null : values.read(entry.getValue()));
            }
            return read;
        }
    }

    private static RecordShape shapeOf(Class<?> type) {
        if (!type.isRecord() || hasJacksonAnnotation(type.getAnnotations()) || hasOtherGetters(type)) {
            return null;
        }
        RecordComponent[] recordComponents = type.getRecordComponents();
        Component[] components = new Component[recordComponents.length];
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < recordComponents.length; i++) {
                RecordComponent component = recordComponents[i];
                if (hasJacksonAnnotation(component.getAnnotations())
                        || hasJacksonAnnotation(component.getAccessor().getAnnotations())) {
                    return null;
                }
                boolean instant = component.getType() == Instant.class;
                ValueType valueType = instant ? null : valueType(component.getGenericType());
                if (!instant && valueType == null) {
                    return null;
                }
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                MethodHandle handle = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
                components[i] = new Component(component.getName(), handle, valueType, instant,
                        absentValue(component.getType()));
            }
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(recordComponents).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            MethodHandle constructor = lookup.unreflectConstructor(canonical)
                    .asType(MethodType.methodType(Object.class, canonical.getParameterTypes()))
                    .asSpreader(Object[].class, recordComponents.length);
            return new RecordShape(components, constructor);
        } catch (ReflectiveOperationException | RuntimeException notMappable) {
            return null;
        }
    }

    /** How a value of {@code declared} is stored, or {@code null} for a type Jackson must map. */
    private static ValueType valueType(Type declared) {
        if (declared instanceof Class<?> type) {
            if (type == String.class || type == Boolean.class || type == boolean.class) {
                return new AsStored(type == String.class ? String.class : Boolean.class);
            }
            if (type == Double.class || type == double.class) {
                return new AsStored(Double.class);
            }
            if (type == Integer.class || type == int.class) {
                return INT;
            }
            if (type == Long.class || type == long.class) {
                return LONG;
            }
            if (type == BigDecimal.class) {
                return DECIMAL;
            }
            if (type == LocalDate.class) {
                return DAY;
            }
            if (type.isEnum() && Arrays.stream(type.getFields()).noneMatch(field ->
                    hasJacksonAnnotation(field.getAnnotations())) && !hasJacksonAnnotation(type.getAnnotations())) {
                return EnumType.of(type);
            }
            RecordShape nested = type.isRecord() ? of(type) : null;
            return nested == null ? null : new Nested(nested);
        }
        if (declared instanceof ParameterizedType parameterized
                && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class || raw == Collection.class || raw == Set.class) {
                ValueType items = arguments[0] == Instant.class ? null : valueType(arguments[0]);
                return items == null ? null : new Many(items, raw == Set.class);
            }
            if (raw == Map.class && arguments[0] == String.class && arguments[1] != Instant.class) {
                ValueType values = valueType(arguments[1]);
                return values == null ? null : new Keyed(values);
            }
        }
        return null;
    }

    /** What Jackson passes for a component the document does not have: {@code null}, or a primitive's zero. */
    private static Object absentValue(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0d;
        }
        return 0;
    }

    /** Getters besides the components' accessors, which Jackson would write as properties too. */
    private static boolean hasOtherGetters(Class<?> type) {
        Set<String> accessors = new HashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            accessors.add(component.getAccessor().getName());
        }
        for (Method method : type.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                    && method.getReturnType() != void.class && method.getName().startsWith("get")
                    && method.getName().length() > 3 && !method.getName().equals("getClass")
                    && !accessors.contains(method.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJacksonAnnotation(Annotation[] annotations) {
        return Arrays.stream(annotations)
                .anyMatch(annotation -> annotation.annotationType().getName().startsWith("com.fasterxml.jackson"));
    }
}
