package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every console page knows (who is signed in, in which language, which page is open), and failures shown as a
 * page rather than the API's problem documents.
 */
@Profile("!command")
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private final ConsoleErrors errors;

    ConsoleAdvice(ConsoleErrors errors) {
        this.errors = errors;
    }

    @ModelAttribute("user")
    ConsoleUser user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return ConsoleUser.of(authentication);
    }

    @ModelAttribute("lang")
    String lang() {
        return LocaleContextHolder.getLocale().getLanguage().equals("en") ? "en" : "zh-CN";
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView status(ResponseStatusException e, HttpServletRequest request) {
        var page = page(request);
        page.setStatus(HttpStatus.valueOf(e.getStatusCode().value()));
        page.addObject("error", new ConsoleErrors.Message(null, e.getReason(), "status-" + e.getStatusCode().value()));
        return page;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView notFound(NoResourceFoundException e, HttpServletRequest request) {
        var page = page(request);
        page.setStatus(HttpStatus.NOT_FOUND);
        page.addObject("error", new ConsoleErrors.Message(null, null, "status-404"));
        return page;
    }

    @ExceptionHandler(Exception.class)
    ModelAndView failure(Exception e, HttpServletRequest request) {
        var page = page(request);
        ConsoleErrors.Message message = errors.explain(e);
        page.setStatus("internal".equals(message.code()) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST);
        page.addObject("error", message);
        return page;
    }

    private ModelAndView page(HttpServletRequest request) {
        var page = new ModelAndView("console/error");
        page.addObject("user", user());
        page.addObject("lang", lang());
        page.addObject("path", path(request));
        return page;
    }
}
