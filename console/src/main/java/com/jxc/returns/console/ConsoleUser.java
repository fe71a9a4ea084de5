package com.jxc.returns.console;

import com.jxc.returns.api.common.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** The signed-in user and the roles they hold; the templates ask it which screens and actions to show. */
public record ConsoleUser(String name, Set<Role> roles) {

    static ConsoleUser of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return new ConsoleUser(null, Set.of());
        }
        var roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            Arrays.stream(Role.values()).filter(role -> ("ROLE_" + role.name()).equals(authority.getAuthority()))
                    .forEach(roles::add);
        }
        return new ConsoleUser(authentication.getName(), Set.copyOf(roles));
    }

    public boolean has(String role) {
        return roles.contains(Role.valueOf(role));
    }

    public boolean any(String... names) {
        return Arrays.stream(names).anyMatch(this::has);
    }

    public boolean staff() {
        return any("CUSTOMER_SERVICE", "REVIEWER", "WAREHOUSE", "FINANCE", "AUDITOR", "ADMIN");
    }

    /** The roles whose next step the worklist shows by default ("my work"). */
    public Set<String> actingRoles() {
        var acting = new java.util.TreeSet<String>();
        for (Role role : roles) {
            if (role == Role.REVIEWER || role == Role.WAREHOUSE || role == Role.FINANCE) {
                acting.add(role.name());
            }
        }
        return acting;
    }

    public String primaryRole() {
        return roles.stream().sorted().findFirst().map(Role::name).orElse("");
    }
}
