package com.jxc.returns.edge.privacy;

import com.jxc.returns.query.privacy.ContactMasking;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every HTTP response body, of every controller, passes the caller's {@link ContactMasking} before it is written:
 * a new endpoint that returns a return, a notification or a stored event cannot forget to mask it.
 */
@ControllerAdvice
class ContactMaskingAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        return ContactMasking.forCaller(SecurityContextHolder.getContext().getAuthentication()).apply(body);
    }
}
