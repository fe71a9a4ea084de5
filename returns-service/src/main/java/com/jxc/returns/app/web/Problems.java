package com.jxc.returns.app.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Problem documents (RFC 9457) with one stable type URI per kind of error. */
public final class Problems {

    private Problems() {
    }

    public static URI type(String kind) {
        return URI.create("/problems/" + kind);
    }

    public static ProblemDetail of(HttpStatus status, String kind, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(kind));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** For errors raised before Spring MVC is reached (authentication, authorisation, body size). */
    public static void write(HttpServletResponse response, HttpStatus status, String kind, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + type(kind) + "\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}");
    }
}
