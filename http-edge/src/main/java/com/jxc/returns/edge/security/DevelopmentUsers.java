package com.jxc.returns.edge.security;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Whether the service signs people in with the built-in development users (user name = password) of the packaged
 * {@code application.yml}: only then may the sign-in page name them. Not in {@code jwt} mode, and not once
 * {@code returns.security.users} was configured in any way (another file, environment, command line) so that the
 * active users differ from the built-in ones.
 */
@Component
public class DevelopmentUsers {

    static final String BUILT_IN_CONFIGURATION = "application.yml";

    private final boolean active;

    DevelopmentUsers(SecurityProperties properties) {
        this.active = active(properties, builtIn());
    }

    static boolean active(SecurityProperties properties, List<SecurityProperties.User> builtIn) {
        return "basic".equals(properties.mode()) && !builtIn.isEmpty() && properties.users().equals(builtIn);
    }

    /**
     * The users who may sign in with a password. In {@code jwt} mode people sign in through the identity provider,
     * so a built-in development user (user name = password) is never accepted there; users configured on purpose
     * still are (the console's form login).
     */
    static List<SecurityProperties.User> passwordUsers(SecurityProperties properties,
                                                       List<SecurityProperties.User> builtIn) {
        if (!"jwt".equals(properties.mode())) {
            return properties.users();
        }
        return properties.users().stream().filter(user -> !builtIn.contains(user)).toList();
    }

    /** The users the packaged configuration defines, read from the jar's own file (not the merged environment). */
    static List<SecurityProperties.User> builtIn() {
        try {
            var sources = new YamlPropertySourceLoader().load("built-in",
                    new ClassPathResource(BUILT_IN_CONFIGURATION));
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind("returns.security.users", Bindable.listOf(SecurityProperties.User.class))
                    .orElse(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged " + BUILT_IN_CONFIGURATION, e);
        }
    }

    public boolean active() {
        return active;
    }
}
