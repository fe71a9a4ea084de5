package com.jxc.returns.edge.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.command.web.CommandProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A command request with an {@code Idempotency-Key} may have the body every JSON endpoint may have
 * ({@code returns.http.max-body-size}): no other limit of the filter's own, neither smaller nor larger.
 */
class IdempotencyBodyLimitTest {

    private static final IdempotencyProperties DEFAULTS =
            new IdempotencyProperties(Duration.ofMinutes(1), Duration.ofSeconds(15), Duration.ofDays(1));

    private final IdempotencyRecords records = mock(IdempotencyRecords.class);
    private final RequestMappingHandlerMapping handlers = mock(RequestMappingHandlerMapping.class);

    @BeforeEach
    void aSignedInUserAtACommandEndpoint() throws Exception {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("cs", "cs"));
        // any handler of a command-side class makes the path a command endpoint
        var commandSide = new CommandProperties(Duration.ofSeconds(10));
        when(handlers.getHandler(any())).thenReturn(new HandlerExecutionChain(
                new HandlerMethod(commandSide, CommandProperties.class.getMethod("commandTimeout"))));
        when(records.claim(any(), any(), any(), any(), anyLong(), anyLong()))
                .thenThrow(new IllegalStateException("key claimed"));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aBodyAboveTheConfiguredLimitIsRefusedBeforeTheKeyIsClaimed() throws Exception {
        var response = new MockHttpServletResponse();

        filter(DataSize.ofKilobytes(1)).doFilter(request(2 * 1024), response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        verify(records, never()).claim(any(), any(), any(), any(), anyLong(), anyLong());
    }

    @Test
    void aBodyWithinAConfiguredLimitAboveTwoMebibytesClaimsTheKey() {
        var filter = filter(DataSize.ofMegabytes(4));

        assertThatThrownBy(() -> filter.doFilter(request(3 * 1024 * 1024), new MockHttpServletResponse(),
                new MockFilterChain())).hasMessage("key claimed");
    }

    private IdempotencyFilter filter(DataSize maxBodySize) {
        return new IdempotencyFilter(records, mock(PlatformTransactionManager.class), handlers, new ObjectMapper(),
                DEFAULTS, maxBodySize);
    }

    private static MockHttpServletRequest request(int bodyBytes) {
        var request = new MockHttpServletRequest("POST", "/api/returns");
        request.addHeader(IdempotencyFilter.HEADER, "key-1");
        request.setContentType("application/json");
        byte[] body = new byte[bodyBytes];
        java.util.Arrays.fill(body, (byte) ' ');
        request.setContent(body);
        return request;
    }
}
