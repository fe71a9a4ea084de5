package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Languages of the console: Simplified Chinese unless the user picked English ({@code ?lang=en}, remembered in a
 * cookie). Only console pages are affected; the API keeps resolving the locale from {@code Accept-Language}.
 */
@Profile("!command")
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final Map<String, Locale> LANGUAGES = Map.of("zh-CN", Locale.SIMPLIFIED_CHINESE, "zh",
            Locale.SIMPLIFIED_CHINESE, "en", Locale.ENGLISH);

    @Bean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver() {
        return new ConsoleLocaleResolver();
    }

    /** Console texts: {@code i18n/console.properties} (English) and {@code i18n/console_zh.properties}. */
    @Bean
    MessageSource messageSource() {
        var messages = new ResourceBundleMessageSource();
        messages.setBasenames("i18n/console");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        messages.setUseCodeAsDefaultMessage(false);
        return messages;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LanguageSwitch()).addPathPatterns("/console/**", "/login");
    }

    static boolean isConsole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/console") || path.startsWith("/console/") || path.equals("/login");
    }

    static final class ConsoleLocaleResolver implements LocaleResolver {

        private final CookieLocaleResolver console = new CookieLocaleResolver("console-lang");
        private final AcceptHeaderLocaleResolver api = new AcceptHeaderLocaleResolver();

        ConsoleLocaleResolver() {
            console.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
            console.setCookieMaxAge(Duration.ofDays(365));
            console.setCookieSameSite("Lax");
            console.setCookieHttpOnly(true);
        }

        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            return isConsole(request) ? console.resolveLocale(request) : api.resolveLocale(request);
        }

        @Override
        public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
            if (isConsole(request)) {
                console.setLocale(request, response, locale);
            }
        }
    }

    /** {@code ?lang=en} or {@code ?lang=zh-CN}; anything else is ignored. */
    static final class LanguageSwitch implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            Locale wanted = LANGUAGES.get(String.valueOf(request.getParameter("lang")));
            if (wanted != null) {
                RequestContextUtils.getLocaleResolver(request)
                        .setLocale(request, response, wanted);
            }
            return true;
        }
    }
}
