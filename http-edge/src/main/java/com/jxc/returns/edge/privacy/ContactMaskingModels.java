package com.jxc.returns.edge.privacy;

import com.jxc.returns.query.privacy.ContactMasking;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every page's model passes the signed-in user's {@link ContactMasking} before its template renders, so no console
 * page can show a contact detail the user's role may not see in full, whichever attribute carries it.
 */
@Configuration(proxyBeanMethods = false)
class ContactMaskingModels implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new MaskModel());
    }

    static final class MaskModel implements HandlerInterceptor {
        @Override
        public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                               ModelAndView page) {
            if (page == null) {
                return;
            }
            var masking = ContactMasking.forCaller(SecurityContextHolder.getContext().getAuthentication());
            if (!masking.inFull()) {
                page.getModelMap().replaceAll((name, value) -> masking.apply(value));
            }
        }
    }
}
