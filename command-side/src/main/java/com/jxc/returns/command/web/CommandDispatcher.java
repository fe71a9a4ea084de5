package com.jxc.returns.command.web;

import com.jxc.returns.api.common.Role;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sends a command on behalf of the signed-in user: who acted, in which role, and the correlation id of the
 * request travel as metadata and end up on every event the command causes.
 */
@Component
public class CommandDispatcher {

    public static final String USER_ID = "userId";
    public static final String USER_ROLE = "userRole";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final CommandGateway gateway;
    private final Duration timeout;

    public CommandDispatcher(CommandGateway gateway,
                             @Value("${returns.command-timeout:PT10S}") Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    /** Sends and waits; {@code actingAs} lists the roles that may send it, the first one the user holds is recorded. */
    public <R> R send(Object command, Role... actingAs) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        MetaData metaData = MetaData.with(USER_ID, user.getName())
                .and(USER_ROLE, actingRole(user, actingAs).name())
                .and(CORRELATION_ID, correlationId());
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Role actingRole(Authentication user, Role... allowed) {
        Set<String> held = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return Arrays.stream(allowed).filter(role -> held.contains("ROLE_" + role.name())).findFirst()
                .orElse(allowed[0]);
    }

    private static String correlationId() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            String given = servlet.getRequest().getHeader(CORRELATION_HEADER);
            if (given != null && SAFE_CORRELATION_ID.matcher(given).matches()) {
                return given;
            }
        }
        return UUID.randomUUID().toString();
    }
}
