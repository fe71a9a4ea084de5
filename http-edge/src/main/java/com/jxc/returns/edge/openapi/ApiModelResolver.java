package com.jxc.returns.edge.openapi;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.jxc.returns.command.web.BusinessInstant;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model resolver behind every schema of the description, with two corrections to swagger-core's own:
 * <ul>
 * <li>a nested type is named after its enclosing type ({@code ReturnView.Settlement},
 * {@code PolicyBacktest.Settlement}): by simple name alone, two records of one name became one schema and every
 * use of either was documented with whichever came first. Two types that would still share a name stop the
 * description from being built at all;</li>
 * <li>a {@link JsonRawValue} string (an event's payload or metadata, embedded as stored) is a JSON object on the
 * wire, not a string;</li>
 * <li>constraints swagger-core does not translate: {@link Digits} (a multiple of the smallest fraction, below the
 * largest whole part), {@link Positive}, {@link PositiveOrZero}, {@link NotEmpty} lists, {@link NotBlank} text and
 * {@link BusinessInstant} (the years it takes); and a record's primitive components, which are always there.</li>
 * </ul>
 */
final class ApiModelResolver extends ModelResolver {

    /** The years {@link BusinessInstant} accepts, at the start of an ISO-8601 instant. */
    private static final String BUSINESS_YEARS = "^(?:19[7-9][0-9]|2[01][0-9][0-9])-";

    ApiModelResolver() {
        super(Json.mapper(), new UniqueTypeNames());
    }

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Annotation[] annotations = type.getCtxAnnotations();
        if (annotations != null && Arrays.stream(annotations).anyMatch(JsonRawValue.class::isInstance)) {
            return new ObjectSchema().description("JSON exactly as stored");
        }
        Schema resolved = super.resolve(type, context, chain);
        requirePrimitives(type, context, resolved);
        applyConstraints(resolved, annotations);
        return resolved;
    }

    /**
     * After swagger-core's own translation of the property's constraints (which sets {@code minItems} 0 from a
     * {@code @Size}, for one): the constraints it leaves out.
     */
    @Override
    protected boolean applyBeanValidatorAnnotations(Schema property, Annotation[] annotations, Schema parent,
                                                    boolean applyNotNullAnnotations) {
        boolean applied = super.applyBeanValidatorAnnotations(property, annotations, parent, applyNotNullAnnotations);
        applyConstraints(property, annotations);
        return applied;
    }

    @Override
    protected boolean applyBeanValidatorAnnotations(BeanPropertyDefinition definition, Schema property,
                                                    Annotation[] annotations, Schema parent,
                                                    boolean applyNotNullAnnotations) {
        boolean applied = super.applyBeanValidatorAnnotations(definition, property, annotations, parent,
                applyNotNullAnnotations);
        applyConstraints(property, annotations);
        return applied;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void applyConstraints(Schema schema, Annotation[] annotations) {
        if (schema == null || annotations == null) {
            return;
        }
        for (Annotation annotation : annotations) {
            if (annotation instanceof Digits digits) {
                schema.setMultipleOf(BigDecimal.ONE.movePointLeft(digits.fraction()));
                schema.setMaximum(BigDecimal.ONE.movePointRight(digits.integer()));
                schema.setExclusiveMaximum(true);
            } else if (annotation instanceof Positive) {
                if ("integer".equals(schema.getType())) {
                    schema.setMinimum(max(schema.getMinimum(), BigDecimal.ONE));
                } else {
                    schema.setMinimum(max(schema.getMinimum(), BigDecimal.ZERO));
                    schema.setExclusiveMinimum(true);
                }
            } else if (annotation instanceof PositiveOrZero) {
                schema.setMinimum(max(schema.getMinimum(), BigDecimal.ZERO));
            } else if (annotation instanceof NotEmpty && "array".equals(schema.getType())) {
                schema.setMinItems(Math.max(1, schema.getMinItems() == null ? 0 : schema.getMinItems()));
            } else if (annotation instanceof NotBlank && "string".equals(schema.getType())) {
                schema.setMinLength(Math.max(1, schema.getMinLength() == null ? 0 : schema.getMinLength()));
                if (schema.getPattern() == null) {
                    schema.setPattern(SchemaRules.NOT_BLANK_CLEAN_TEXT);
                }
            } else if (annotation instanceof BusinessInstant) {
                schema.setPattern(BUSINESS_YEARS);
                schema.setDescription("between 1970-01-01T00:00:00Z and 2199-12-31T23:59:59Z");
            }
        }
    }

    private static BigDecimal max(BigDecimal given, BigDecimal bound) {
        return given == null || given.compareTo(bound) < 0 ? bound : given;
    }

    /**
     * A record's primitive component is always there: in a response it is always written, in a request the server
     * refuses the body without it (null for a primitive fails).
     */
    private void requirePrimitives(AnnotatedType type, ModelConverterContext context, Schema<?> resolved) {
        if (resolved == null || type.getType() == null) {
            return;
        }
        Class<?> raw = _mapper.constructType(type.getType()).getRawClass();
        if (!raw.isRecord()) {
            return;
        }
        Schema<?> model = resolved;
        if (resolved.get$ref() != null) {
            model = context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/')
                    + 1));
        }
        if (model == null || model.getProperties() == null) {
            return;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            if (component.getType().isPrimitive() && model.getProperties().containsKey(component.getName())
                    && (model.getRequired() == null || !model.getRequired().contains(component.getName()))) {
                model.addRequiredItem(component.getName());
            }
        }
    }

    static final class UniqueTypeNames extends TypeNameResolver {

        private final Map<String, Class<?>> typesByName = new ConcurrentHashMap<>();

        @Override
        protected String getNameOfClass(Class<?> type) {
            String name = qualifiedName(type);
            Class<?> earlier = typesByName.putIfAbsent(name, type);
            if (earlier != null && earlier != type) {
                throw new IllegalStateException("two types would be documented as schema " + name + ": "
                        + earlier.getName() + " and " + type.getName());
            }
            return name;
        }

        /** {@code Outer.Inner}; a controller's request records without the word Controller. */
        static String qualifiedName(Class<?> type) {
            Class<?> enclosing = type.getEnclosingClass();
            if (enclosing == null) {
                return type.getSimpleName();
            }
            return qualifiedName(enclosing).replaceFirst("Controller$", "") + "." + type.getSimpleName();
        }
    }
}
