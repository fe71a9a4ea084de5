package com.jxc.returns.app.testing;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;

/**
 * Puts {@link OpenApiContractFilter} into every Spring test context of this module, so that every HTTP test's
 * exchanges with {@code /api} are checked against the served description without any test asking for it.
 */
public class OpenApiContractRegistration implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
                var definition = new RootBeanDefinition(FilterRegistrationBean.class, () -> {
                    var registration = new FilterRegistrationBean<>(new OpenApiContractFilter(context));
                    // inside the request context (RequestContextFilter, -105), around security and everything after
                    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
                    registration.addUrlPatterns("/api/*");
                    return registration;
                });
                registry.registerBeanDefinition("openApiContractFilter", definition);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
