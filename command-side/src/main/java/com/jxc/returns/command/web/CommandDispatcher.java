package com.jxc.returns.command.web;

import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.common.Role;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
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

    public static final String USER_ID = MetadataKeys.USER_ID;
    public static final String USER_ROLE = MetadataKeys.USER_ROLE;
    public static final String CORRELATION_ID = MetadataKeys.CORRELATION_ID;
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /**
     * Request attribute set (to {@code Boolean.TRUE}) by whoever runs the request in a transaction of its own that
     * the command must commit with (the Idempotency-Key filter).
     */
    public static final String IN_REQUEST_TRANSACTION = CommandDispatcher.class.getName() + ".inRequestTransaction";
    /** A correlation id a caller may choose: safe in logs, headers and metadata. */
    public static final String CORRELATION_ID_PATTERN = "[A-Za-z0-9_.:-]{1,64}";
    private static final Pattern SAFE_CORRELATION_ID = Pattern.compile(CORRELATION_ID_PATTERN);

    private final CommandGateway gateway;
    private final CommandGateway withoutRetries;
    private final Duration timeout;

    public CommandDispatcher(CommandGateway gateway, CommandBus commandBus,
                             CommandProperties properties) {
        this.gateway = gateway;
        this.withoutRetries = DefaultCommandGateway.builder().commandBus(commandBus).build();
        this.timeout = properties.commandTimeout();
    }

    /**
     * Sends and waits; {@code actingAs} lists the roles that may send it, the first one the user holds is recorded.
     * <p>
     * Inside a transaction the caller opened (an {@code Idempotency-Key} request, whose stored response commits with
     * the command's events) the command is not retried after a concurrent change: a retry runs on another thread in
     * a transaction of its own and would commit without the caller's. The caller gets 409 and may retry.
     */
    public <R> R send(Object command, Role... actingAs) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        MetaData metaData = MetaData.with(USER_ID, user.getName())
                .and(USER_ROLE, actingRole(user, actingAs).name())
                .and(CORRELATION_ID, correlationId());
        CommandGateway via = inRequestTransaction() ? withoutRetries : gateway;
        return via.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Role actingRole(Authentication user, Role... allowed) {
        Set<String> held = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return Arrays.stream(allowed).filter(role -> held.contains("ROLE_" + role.name())).findFirst()
                .orElse(allowed[0]);
    }

    private static boolean inRequestTransaction() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes != null && Boolean.TRUE.equals(
                attributes.getAttribute(IN_REQUEST_TRANSACTION, RequestAttributes.SCOPE_REQUEST));
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
