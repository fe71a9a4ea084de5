package com.jxc.returns.edge.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Names where in a request a value is wrong, as a JSON path ({@code $.lines[0].quantity}) or a parameter name, and
 * says what was expected in words: never Java types, class names or parser messages.
 */
final class JsonProblemPaths {

    private static final Pattern BRACKET = Pattern.compile("\\[([^\\]]*)]");
    private static final Pattern CONTAINER_NODE = Pattern.compile("\\.?<[^>]*>");

    private JsonProblemPaths() {
    }

    /** A binding field ({@code lines[0].quantity}, {@code windowDaysByCategory[food]}) as a JSON path. */
    static String jsonPath(String field) {
        if (field == null || field.isEmpty()) {
            return "$";
        }
        String cleaned = CONTAINER_NODE.matcher(field).replaceAll("");
        Matcher brackets = BRACKET.matcher(cleaned);
        var path = new StringBuilder();
        while (brackets.find()) {
            String key = brackets.group(1);
            String replacement = key.matches("\\d+") ? "[" + key + "]"
                    : "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
            brackets.appendReplacement(path, Matcher.quoteReplacement(replacement));
        }
        brackets.appendTail(path);
        return path.charAt(0) == '[' ? "$" + path : "$." + path;
    }

    /** Where reading a JSON body failed and why, in words. */
    record Failure(String path, String message) {
    }

    static Failure failure(Throwable readError) {
        JsonMappingException mapping = find(readError, JsonMappingException.class);
        String path = mapping == null ? null : path(mapping);
        return new Failure(path, message(readError, mapping));
    }

    private static String message(Throwable readError, JsonMappingException mapping) {
        if (find(readError, UnrecognizedPropertyException.class) != null) {
            return "is not a known field";
        }
        if (find(readError, InputCoercionException.class) != null) {
            return "is out of range";
        }
        ValueInstantiationException instantiation = find(readError, ValueInstantiationException.class);
        if (instantiation != null) {
            IllegalArgumentException refused = find(instantiation, IllegalArgumentException.class);
            return refused != null && refused.getMessage() != null ? refused.getMessage() : "is not a valid value";
        }
        if (mapping instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class) {
            return "contains characters that are not allowed (control characters or broken surrogates)";
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            if (mismatch.getMessage() != null && mismatch.getMessage().contains("null")
                    && mismatch.getTargetType().isPrimitive()) {
                return "must not be null";
            }
            return "must be " + expected(mismatch.getTargetType());
        }
        JsonParseException syntax = find(readError, JsonParseException.class);
        if (syntax != null || find(readError, JsonEOFException.class) != null) {
            JsonProcessingException located = syntax != null ? syntax : find(readError, JsonEOFException.class);
            var location = located.getLocation();
            return location == null || location.getLineNr() < 0 ? "is not well-formed JSON"
                    : "is not well-formed JSON (line " + location.getLineNr() + ", column " + location.getColumnNr()
                    + ")";
        }
        if (find(readError, java.nio.charset.CharacterCodingException.class) != null) {
            return "is not valid UTF-8";
        }
        return mapping != null ? "is not a valid value" : "is not valid JSON of the expected shape";
    }

    /** The expected kind of value in words: "a whole number", "one of A, B". */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == BigInteger.class) {
            return "a whole number in range";
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class || type == float.class
                || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 instant such as 2026-03-01T08:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-03-01";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a valid value";
    }

    private static String path(JsonMappingException mapping) {
        if (mapping.getPath().isEmpty()) {
            return "$";
        }
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? fieldSegment(ref.getFieldName()) : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("", "$", ""));
    }

    private static String fieldSegment(String given) {
        String name = given.length() > 64 ? given.substring(0, 64) + "…" : given;
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + name
                : "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
