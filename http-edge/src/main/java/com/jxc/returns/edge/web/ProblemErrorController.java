package com.jxc.returns.edge.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that never reached a controller (a rejected URL, a servlet container error, {@code sendError}) are problem
 * documents too, in place of Spring Boot's default error body that names exceptions and paths.
 */
@Controller
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 && value < 600 ? value : 500;
        if (JsonProblemPaths.find((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION),
                PayloadTooLargeException.class) != null) {
            status = 413;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String title = resolved == null ? "Error" : resolved.getReasonPhrase();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.json(status, title, Problems.kindOf(status), Problems.fallbackDetail(status)));
    }
}
