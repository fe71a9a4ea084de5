package com.jxc.returns.edge.security;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.edge.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static com.jxc.returns.api.common.Role.ADMIN;
import static com.jxc.returns.api.common.Role.AUDITOR;
import static com.jxc.returns.api.common.Role.CUSTOMER_SERVICE;
import static com.jxc.returns.api.common.Role.FINANCE;
import static com.jxc.returns.api.common.Role.INTEGRATION;
import static com.jxc.returns.api.common.Role.REVIEWER;
import static com.jxc.returns.api.common.Role.WAREHOUSE;

/**
 * Every endpoint authenticated; the rules below say which role may call what, those for the actions on returns read
 * from the one table of who may do what to a return ({@link ReturnAction}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    /**
     * No observation around each security filter, authentication and authorization: together they cost more CPU
     * than the query behind a request. Requests are still timed as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    static final Role[] STAFF = {CUSTOMER_SERVICE, REVIEWER, WAREHOUSE, FINANCE, AUDITOR, ADMIN};

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(SecurityConfiguration::unauthenticated)
                        .accessDeniedHandler((request, response, e) -> Problems.write(response, HttpStatus.FORBIDDEN,
                                "forbidden", "Your role may not do this.")))
                .authorizeHttpRequests(SecurityConfiguration::rules);
        if ("jwt".equals(properties.mode())) {
            http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(
                    rolesFromClaim(properties.rolesClaim()))));
        } else {
            http.httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::unauthenticated));
        }
        return http.build();
    }

    private static void rules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/error").permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/actuator/**").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/sales-orders", "/api/purchase-receipts")
                .hasRole(INTEGRATION.name());
        // the actions on returns: roles from the one table of who may do what
        for (ReturnAction action : ReturnAction.values()) {
            rules.requestMatchers(HttpMethod.POST, action.apiPattern())
                    .hasAnyRole(names(action.roles().toArray(Role[]::new)));
        }
        rules.requestMatchers(HttpMethod.GET, "/api/returns", "/api/returns/**").hasAnyRole(names(STAFF))
                .requestMatchers(HttpMethod.PUT, "/api/return-policy").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/return-policy/backtest").hasAnyRole(names(ADMIN, AUDITOR))
                .requestMatchers(HttpMethod.GET, "/api/events").hasAnyRole(names(AUDITOR, ADMIN, INTEGRATION))
                .requestMatchers(HttpMethod.GET, "/api/audit/**").hasAnyRole(names(AUDITOR, ADMIN))
                // a faithful backup carries customers' contact details in full, which only ADMIN may see
                .requestMatchers(HttpMethod.GET, "/api/admin/export").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/admin/import").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/api/return-policy", "/api/return-policy/**")
                .hasAnyRole(names(STAFF))
                .requestMatchers(HttpMethod.GET, "/api/stock-levels", "/api/stock-levels/**").hasAnyRole(names(STAFF))
                .requestMatchers(HttpMethod.GET, "/api/ledger/**").hasAnyRole(names(FINANCE, AUDITOR, ADMIN))
                .requestMatchers(HttpMethod.GET, "/api/analytics/**").hasAnyRole(names(STAFF))
                .requestMatchers(HttpMethod.GET, "/api/notifications", "/api/notifications/**")
                .hasAnyRole(names(CUSTOMER_SERVICE, AUDITOR, ADMIN))
                .requestMatchers(HttpMethod.GET, "/api/admin/read-models", "/api/admin/read-models/**")
                .hasAnyRole(names(ADMIN, AUDITOR))
                .requestMatchers("/api/admin/**").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                        "/swagger-ui/**").authenticated()
                .anyRequest().denyAll();
    }

    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"returns\"");
        Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in to use this endpoint.");
    }

    static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        // A password given in plain text is already readable in the configuration; hashing it would only make every
        // request pay for bcrypt. Give a {bcrypt}... value to store a hash instead.
        var users = new InMemoryUserDetailsManager(DevelopmentUsers.passwordUsers(properties,
                        DevelopmentUsers.builtIn()).stream()
                .map(user -> User.withUsername(user.username())
                        .password(user.password().startsWith("{") ? user.password() : "{noop}" + user.password())
                        .roles(names(user.roles().toArray(Role[]::new)))
                        .build())
                .toList());
        // Exposed as a plain lookup: the in-memory manager would also offer itself as a password *upgrade* service,
        // and Spring Security would then re-encode {noop} passwords as bcrypt after the first sign-in.
        return users::loadUserByUsername;
    }

    private static Converter<Jwt, AbstractAuthenticationToken> rolesFromClaim(String claim) {
        return jwt -> {
            List<String> roles = jwt.getClaimAsStringList(claim);
            Collection<SimpleGrantedAuthority> authorities = (roles == null ? List.<String>of() : roles).stream()
                    .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        };
    }
}
