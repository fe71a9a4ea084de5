package com.jxc.returns.edge.security;

import com.jxc.returns.api.common.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code returns.security.mode}: {@code basic} (users from these properties, the embedded default) or {@code jwt}
 * (an OAuth2 resource server; roles come from the token's {@code roles} claim).
 */
@ConfigurationProperties("returns.security")
public record SecurityProperties(String mode, List<User> users, String rolesClaim) {

    public SecurityProperties {
        mode = mode == null ? "basic" : mode;
        users = users == null ? List.of() : List.copyOf(users);
        rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
    }

    public record User(String username, String password, List<Role> roles) {
    }
}
