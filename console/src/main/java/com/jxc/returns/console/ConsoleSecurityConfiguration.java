package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.returnrequest.ReturnAction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.util.Arrays;

import static com.jxc.returns.api.common.Role.ADMIN;
import static com.jxc.returns.api.common.Role.AUDITOR;
import static com.jxc.returns.api.common.Role.CUSTOMER_SERVICE;
import static com.jxc.returns.api.common.Role.FINANCE;
import static com.jxc.returns.api.common.Role.REVIEWER;
import static com.jxc.returns.api.common.Role.WAREHOUSE;

/**
 * The web console's own filter chain, ahead of the API's: form login with a session and CSRF protection, and the
 * same role per screen and action as the API has per endpoint. The API chain (stateless, Basic or JWT) is untouched.
 */
@Profile("!command")
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final Role[] STAFF = {CUSTOMER_SERVICE, REVIEWER, WAREHOUSE, FINANCE, AUDITOR, ADMIN};

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        // "/" is the console's front door: a browser opening the service's address is led to the sign-in
        http.securityMatcher("/", "/console/**", "/login", "/logout", "/webjars/**", "/css/**", "/js/**")
                .authorizeHttpRequests(rules -> {
                    rules.requestMatchers(HttpMethod.GET, "/", "/webjars/**", "/css/**", "/js/**").permitAll()
                            .requestMatchers("/login", "/console/forbidden").permitAll()
                            .requestMatchers("/console/returns/new", "/console/returns/new/**")
                            .hasAnyRole(names(ReturnAction.SUBMIT.actingRoles()));
                    // each action on a return: the roles of the table of actions, as for its API endpoint
                    for (ReturnAction action : ReturnAction.values()) {
                        if (action != ReturnAction.SUBMIT) {
                            rules.requestMatchers(HttpMethod.POST, consolePattern(action))
                                    .hasAnyRole(names(action.actingRoles()));
                        }
                    }
                    rules
                            .requestMatchers(HttpMethod.POST, "/console/policy/backtest")
                            .hasAnyRole(names(ADMIN, AUDITOR))
                            .requestMatchers(HttpMethod.GET, "/console/ledger", "/console/ledger/**",
                                    "/console/store-credit", "/console/store-credit/**")
                            .hasAnyRole(names(FINANCE, AUDITOR, ADMIN))
                            .requestMatchers(HttpMethod.GET, "/console/notifications")
                            .hasAnyRole(names(CUSTOMER_SERVICE, AUDITOR, ADMIN))
                            .requestMatchers(HttpMethod.POST, "/console/admin/**").hasRole(ADMIN.name())
                            .requestMatchers(HttpMethod.GET, "/console/admin", "/console/admin/**")
                            .hasAnyRole(names(ADMIN, AUDITOR))
                            .requestMatchers(HttpMethod.GET, "/console", "/console/**").hasAnyRole(names(STAFF))
                            .anyRequest().denyAll();
                })
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", false))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(errors -> errors.accessDeniedPage("/console/forbidden"));
        return http.build();
    }

    /** {@code /console/returns/*}{@code /approve} for the API's {@code /api/returns/*}{@code /approve}. */
    static String consolePattern(ReturnAction action) {
        return action.apiPattern().replaceFirst("^/api/", "/console/");
    }

    static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
