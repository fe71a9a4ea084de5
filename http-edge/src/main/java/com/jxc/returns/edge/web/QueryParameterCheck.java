package com.jxc.returns.edge.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A query parameter the endpoint does not know (a typo such as {@code stat=APPROVED}, or {@code customer[$ne]=}) or a
 * single-valued one given twice is refused instead of silently ignored or half-read.
 */
class QueryParameterCheck implements HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        var known = new HashSet<String>();
        var repeatable = new HashSet<String>();
        for (MethodParameter declared : method.getMethodParameters()) {
            MethodParameter parameter = declared.clone();
            parameter.initParameterNameDiscovery(NAMES);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            String name = !param.name().isEmpty() ? param.name() : String.valueOf(parameter.getParameterName());
            known.add(name);
            Class<?> type = parameter.getParameterType();
            if (type.isArray() || Collection.class.isAssignableFrom(type)) {
                repeatable.add(name);
            }
        }
        var seen = new HashSet<String>();
        var unknown = new LinkedHashSet<String>();
        var repeated = new LinkedHashSet<String>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!known.contains(name)) {
                unknown.add(name);
            } else if (!seen.add(name) && !repeatable.contains(name)) {
                repeated.add(name);
            }
        }
        if (!unknown.isEmpty() || !repeated.isEmpty()) {
            throw new InvalidQueryException(unknown, repeated, known);
        }
        return true;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Unknown or repeated query parameters. */
    static final class InvalidQueryException extends RuntimeException {

        final Set<String> unknown;
        final Set<String> repeated;
        final Set<String> known;

        InvalidQueryException(Set<String> unknown, Set<String> repeated, Set<String> known) {
            super("invalid query parameters", null, false, false);
            this.unknown = unknown;
            this.repeated = repeated;
            this.known = known;
        }
    }
}
