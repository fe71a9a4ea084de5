package com.jxc.returns.app.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.springframework.http.converter.HttpMessageNotReadableException;

import java.util.stream.Collectors;

/** Names where in a JSON body reading failed, as a JSON path, without echoing Java types. */
final class JsonProblemPaths {

    private JsonProblemPaths() {
    }

    static String describe(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("", "$", ""));
            return " at " + path;
        }
        return "";
    }
}
