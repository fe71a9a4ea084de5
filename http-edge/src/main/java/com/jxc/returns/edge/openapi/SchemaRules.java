package com.jxc.returns.edge.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What the server enforces on input, said in the description in a form every JSON Schema validator reads the same
 * way (Java's and JavaScript's regular expressions alike).
 */
final class SchemaRules {

    /**
     * Any text without control characters (tab and line breaks allowed) and without half of a surrogate pair: what
     * the server accepts in every JSON string of a request.
     */
    static final String CLEAN_TEXT = "^(?:[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uD800-\\uDFFF]"
            + "|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$";

    /** {@link #CLEAN_TEXT} with at least one character that is not white space. */
    static final String NOT_BLANK_CLEAN_TEXT = "^(?=[\\s\\S]*\\S)(?:[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uD800-\\uDFFF]"
            + "|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$";

    private static final String REF_PREFIX = "#/components/schemas/";

    private SchemaRules() {
    }

    static void apply(OpenAPI api) {
        Map<String, Schema> components = api.getComponents() == null || api.getComponents().getSchemas() == null
                ? Map.of() : api.getComponents().getSchemas();
        Set<Schema<?>> everything = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Schema<?>> requestSide = Collections.newSetFromMap(new IdentityHashMap<>());
        components.values().forEach(schema -> walk(schema, components, everything, s -> { }));
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                parameters(operation.getParameters()).forEach(schema -> walk(schema, components, everything,
                        s -> { }));
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    for (MediaType media : operation.getRequestBody().getContent().values()) {
                        walk(media.getSchema(), components, requestSide, s -> { });
                    }
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(response -> {
                        if (response.getContent() != null) {
                            response.getContent().values().forEach(media -> walk(media.getSchema(), components,
                                    everything, s -> { }));
                        }
                    });
                }
            }));
        }
        everything.addAll(requestSide);
        everything.forEach(SchemaRules::anchorPattern);
        requestSide.forEach(SchemaRules::closeAndClean);
    }

    private static Stream<Schema<?>> parameters(List<Parameter> parameters) {
        return parameters == null ? Stream.empty()
                : parameters.stream().map(Parameter::getSchema).filter(java.util.Objects::nonNull)
                .map(schema -> (Schema<?>) schema);
    }

    /** Bean Validation's {@code @Pattern} matches the whole value; a JSON Schema pattern matches anywhere in it. */
    private static void anchorPattern(Schema<?> schema) {
        String pattern = schema.getPattern();
        if (pattern != null && !pattern.startsWith("^")) {
            schema.setPattern("^(?:" + pattern + ")$");
        }
    }

    /**
     * Request bodies: unknown fields are refused (so is every object that lists its properties), and text is clean
     * wherever no stricter pattern or list of names applies.
     */
    private static void closeAndClean(Schema<?> schema) {
        if (schema.getProperties() != null && !schema.getProperties().isEmpty()
                && schema.getAdditionalProperties() == null) {
            schema.setAdditionalProperties(false);
        }
        if ("string".equals(schema.getType()) && schema.getPattern() == null && schema.getEnum() == null
                && schema.getFormat() == null) {
            schema.setPattern(CLEAN_TEXT);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void walk(Schema<?> schema, Map<String, Schema> components, Set<Schema<?>> seen,
                             Consumer<Schema<?>> visit) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        visit.accept(schema);
        if (schema.get$ref() != null && schema.get$ref().startsWith(REF_PREFIX)) {
            walk(components.get(schema.get$ref().substring(REF_PREFIX.length())), components, seen, visit);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> walk(property, components, seen, visit));
        }
        walk(schema.getItems(), components, seen, visit);
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            walk(additional, components, seen, visit);
        }
        for (List<Schema> composed : new List[]{schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
            if (composed != null) {
                composed.forEach(part -> walk(part, components, seen, visit));
            }
        }
        walk(schema.getNot(), components, seen, visit);
    }
}
