package com.jxc.returns.edge.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Problem documents (RFC 9457) with one stable type URI per kind of error. */
public final class Problems {

    /**
     * What only internals say: qualified Java names, Jackson's backticked types, exception names, SQL, stack frames.
     * A detail that looks like this is replaced, whatever raised it.
     */
    private static final Pattern INTERNAL = Pattern.compile(
            "(?i)(\\b(java|javax|jakarta|com|org|net|io|reactor|sun)\\.[a-z0-9_]+\\.|`|exception|\\$proxy|\\bsql\\b"
                    + "|\\bselect\\b.*\\bfrom\\b|\\binsert into\\b|\\bat [a-z0-9_.$]+\\(|\\bclass [a-z])");

    private Problems() {
    }

    public static URI type(String kind) {
        return URI.create("/problems/" + kind);
    }

    public static ProblemDetail of(HttpStatus status, String kind, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, safeDetail(status, detail));
        problem.setType(type(kind));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** {@code detail} when it is written for people; otherwise a plain sentence for the status. */
    public static String safeDetail(HttpStatusCode status, String detail) {
        if (detail == null || detail.isBlank() || detail.length() > 1_000 || INTERNAL.matcher(detail).find()) {
            return fallbackDetail(status.value());
        }
        return detail;
    }

    static String fallbackDetail(int status) {
        return switch (status) {
            case 400 -> "The request is not valid.";
            case 401 -> "Sign in to use this endpoint.";
            case 403 -> "Your role may not do this.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This endpoint does not accept this HTTP method.";
            case 406 -> "This endpoint cannot answer in any of the accepted media types.";
            case 409 -> "The request conflicts with the current state.";
            case 412 -> "The resource changed since you read it.";
            case 413 -> "The request body is too large.";
            case 415 -> "This endpoint does not accept this content type.";
            case 422 -> "The request breaks a business rule.";
            case 503 -> "The service cannot answer this now; try again later.";
            default -> status >= 500 ? "Something went wrong on our side; nothing was changed by this request."
                    : "The request cannot be answered.";
        };
    }

    /** The kind for a bare status, used where no more specific kind is known. */
    public static String kindOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 412 -> "precondition-failed";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "rule-violation";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }

    /** For errors raised before Spring MVC is reached (authentication, authorisation, body size). */
    public static void write(HttpServletResponse response, HttpStatus status, String kind, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(status.value(), status.getReasonPhrase(), kind, safeDetail(status, detail)));
        response.getWriter().flush();
    }

    static String json(int status, String title, String kind, String detail) {
        return "{\"type\":\"" + escape(type(kind).toString()) + "\",\"title\":\"" + escape(title)
                + "\",\"status\":" + status + ",\"detail\":\"" + escape(detail) + "\"}";
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
