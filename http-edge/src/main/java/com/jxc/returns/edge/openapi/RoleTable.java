package com.jxc.returns.edge.openapi;

import com.jxc.returns.api.common.Role;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may call what, read from the authorization rules of the running security filter chain: every role (and an
 * anonymous caller) is put to the chain's {@link AuthorizationManager} for a request to the operation's path.
 */
final class RoleTable {

    static final String ANONYMOUS = "anyone";

    private final List<SecurityFilterChain> chains;

    private RoleTable(List<SecurityFilterChain> chains) {
        this.chains = chains;
    }

    /** The chains in the order the servlet filter tries them; the first that matches a request decides. */
    static RoleTable of(List<SecurityFilterChain> chains) {
        return new RoleTable(List.copyOf(chains));
    }

    private AuthorizationManager<HttpServletRequest> rulesFor(HttpServletRequest request) {
        return chains.stream().filter(chain -> chain.matches(request)).findFirst()
                .flatMap(chain -> chain.getFilters().stream()
                        .filter(AuthorizationFilter.class::isInstance).map(AuthorizationFilter.class::cast)
                        .map(AuthorizationFilter::getAuthorizationManager).findFirst())
                .orElse(null);
    }

    /** The roles allowed to send {@code method} to {@code path} ({@code {var}} segments stand for any value). */
    List<String> allowed(String method, String path) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current)) {
            return List.of();
        }
        String concrete = path.replaceAll("\\{[^}/]+}", "x1");
        var allowed = new ArrayList<String>();
        if (granted(new AnonymousAuthenticationToken("doc", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")), current.getRequest(), method, concrete)) {
            return List.of(ANONYMOUS);
        }
        for (Role role : Role.values()) {
            Authentication user = UsernamePasswordAuthenticationToken.authenticated("doc", null,
                    AuthorityUtils.createAuthorityList("ROLE_" + role.name()));
            if (granted(user, current.getRequest(), method, concrete)) {
                allowed.add(role.name());
            }
        }
        return allowed;
    }

    private boolean granted(Authentication user, HttpServletRequest current, String method, String path) {
        var probe = new Probe(current, method, path);
        AuthorizationManager<HttpServletRequest> rules = rulesFor(probe);
        if (rules == null) {
            return false;
        }
        AuthorizationResult result = rules.authorize(() -> user, new Probe(current, method, path));
        return result != null && result.isGranted();
    }

    /** The current request re-addressed: same servlet context, another method and path, its own attributes. */
    private static final class Probe extends HttpServletRequestWrapper {

        private final String method;
        private final String path;
        private final Map<String, Object> attributes = new HashMap<>();

        Probe(HttpServletRequest request, String method, String path) {
            super(request);
            this.method = method;
            this.path = path;
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + path;
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(getScheme() + "://" + getServerName() + ":" + getServerPort() + getRequestURI());
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(attributes.keySet());
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }
    }
}
