package com.jxc.returns.edge.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.edge.idempotency.IdempotencyRecords.Entry;
import com.jxc.returns.edge.idempotency.IdempotencyRecords.State;
import com.jxc.returns.edge.web.Problems;
import com.jxc.returns.command.web.CommandDispatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.util.unit.DataSize;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on every command endpoint (a POST/PUT/PATCH/DELETE handled by a controller of the command
 * side). The first request with a key runs and its response is stored; the same key with the same request (same
 * user, method, path, If-Match and body) returns the stored response again without running anything; the same key
 * with another request is refused (422).
 * <p>
 * Exactly once: the key is claimed first (a PENDING row, committed at once, so a concurrent request with the same key
 * waits for the first one and then replays its response); then the request runs in one database transaction that the
 * command joins (the command bus runs the handler on this thread, and Axon's Spring transaction manager takes part in
 * the open transaction), and the response is stored in that same transaction. Events and stored response commit
 * together or not at all. A request that fails (not 2xx) rolls back and frees the key. A process that dies
 * mid-request leaves a PENDING row and no events; once its lease ran out, the next request with the key takes over.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** A key a caller may choose: long enough for a UUID or a hash in base64. */
    public static final String KEY_PATTERN = "[A-Za-z0-9_.:+/=-]{1,100}";
    private static final Pattern SAFE_KEY = Pattern.compile(KEY_PATTERN);
    private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String COMMAND_PACKAGE = "com.jxc.returns.command.";
    private static final Duration POLL = Duration.ofMillis(25);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyRecords records;
    private final PlatformTransactionManager transactions;
    private final RequestMappingHandlerMapping handlers;
    private final ObjectMapper json;
    private final Duration pendingLease;
    private final Duration maxWait;
    private final Duration retention;
    private final int maxBody;
    private final AtomicLong lastCleanup = new AtomicLong();

    public IdempotencyFilter(IdempotencyRecords records, PlatformTransactionManager transactions,
                             RequestMappingHandlerMapping handlers, ObjectMapper json,
                             IdempotencyProperties properties, DataSize maxBody) {
        this.records = records;
        this.transactions = transactions;
        this.handlers = handlers;
        this.json = json;
        this.pendingLease = properties.pendingLease();
        this.maxWait = properties.maxWait();
        this.retention = properties.retention();
        // read into one array, whose size is an int
        this.maxBody = (int) Math.min(maxBody.toBytes(), Integer.MAX_VALUE - 1);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !UNSAFE_METHODS.contains(request.getMethod())
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isCommandEndpoint(request)) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (!SAFE_KEY.matcher(key).matches()) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Idempotency-Key must be 1-100 characters of A-Z a-z 0-9 _ . : + / = -");
            return;
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBody + 1);
        if (body.length > maxBody) {
            problem(response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "The request body is too large.");
            return;
        }
        String principal = user.getName();
        String fingerprint = fingerprint(request, body);
        String owner = UUID.randomUUID().toString();
        forgetOldKeys();

        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long now = System.currentTimeMillis();
            if (records.claim(principal, key, fingerprint, owner, now, now + pendingLease.toMillis())) {
                run(new CachedBodyRequest(request, body), response, chain, principal, key, owner);
                return;
            }
            var existing = records.find(principal, key);
            if (existing.isEmpty()) {
                continue; // freed after a failure a moment ago: claim it again
            }
            Entry entry = existing.get();
            if (!entry.fingerprint().equals(fingerprint)) {
                problem(response, HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                        "This Idempotency-Key was already used for a different request; use a new key.");
                return;
            }
            if (entry.state() == State.COMPLETED) {
                replay(entry, response);
                return;
            }
            if (entry.leaseUntil() < now
                    && records.takeOver(entry, owner, now, now + pendingLease.toMillis())) {
                log.warn("Idempotency key of {} abandoned by a request that did not finish; running it again",
                        principal);
                run(new CachedBodyRequest(request, body), response, chain, principal, key, owner);
                return;
            }
            if (System.nanoTime() > deadline) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                problem(response, HttpStatus.CONFLICT, "idempotency-key-in-use",
                        "A request with this Idempotency-Key is still being processed; retry shortly.");
                return;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** Runs the request in one transaction with its stored response; frees the key when it fails. */
    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String principal,
                     String key, String owner) throws IOException, ServletException {
        var captured = new ContentCachingResponseWrapper(response);
        var definition = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        TransactionStatus tx = transactions.getTransaction(definition);
        boolean committed = false;
        request.setAttribute(CommandDispatcher.IN_REQUEST_TRANSACTION, Boolean.TRUE);
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status >= 200 && status < 300) {
                String body = new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8);
                if (records.complete(principal, key, owner, status, captured.getContentType(),
                        captured.getHeader(HttpHeaders.LOCATION), body)) {
                    committed = commit(tx, captured);
                } else {
                    transactions.rollback(tx);
                    captured.resetBuffer();
                    captured.reset();
                    problem(captured, HttpStatus.CONFLICT, "idempotency-key-in-use",
                            "This request took too long and another request with the same Idempotency-Key took"
                                    + " over; nothing was changed by this one.");
                }
            } else {
                transactions.rollback(tx);
            }
        } catch (RuntimeException | IOException | ServletException | Error e) {
            if (!tx.isCompleted()) {
                transactions.rollback(tx);
            }
            throw e;
        } finally {
            if (!committed) {
                records.release(principal, key, owner);
            }
        }
        captured.copyBodyToResponse();
    }

    /** Commits events and stored response together; when that fails the client learns nothing was changed. */
    private boolean commit(TransactionStatus tx, ContentCachingResponseWrapper captured) throws IOException {
        try {
            transactions.commit(tx);
            return true;
        } catch (RuntimeException e) {
            log.error("Could not commit a request with an Idempotency-Key", e);
            captured.resetBuffer();
            captured.reset();
            problem(captured, HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                    "Something went wrong on our side; nothing was changed by this request.");
            return false;
        }
    }

    private void replay(Entry entry, HttpServletResponse response) throws IOException {
        response.setStatus(entry.status());
        if (entry.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, entry.location());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        if (entry.contentType() != null) {
            response.setContentType(entry.contentType());
        }
        if (entry.body() != null && !entry.body().isEmpty()) {
            byte[] bytes = entry.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    private boolean isCommandEndpoint(HttpServletRequest request) {
        // the handler mapping matches on the parsed path, which only the DispatcherServlet caches otherwise
        Object parsedBefore = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain handler = handlers.getHandler(request);
            return handler != null && handler.getHandler() instanceof HandlerMethod method
                    && method.getBeanType().getName().startsWith(COMMAND_PACKAGE);
        } catch (Exception e) {
            return false; // no such endpoint or method: Spring MVC answers that itself
        } finally {
            if (parsedBefore == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, parsedBefore);
            }
        }
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        String target = request.getRequestURI() + (request.getQueryString() == null ? ""
                : "?" + request.getQueryString());
        return fingerprint(request.getMethod(), target, request.getHeader(HttpHeaders.IF_MATCH), body);
    }

    /** What makes two requests "the same request": method, path and query, If-Match and the body's bytes. */
    public static String fingerprint(String method, String target, String ifMatch, byte[] body) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            String head = method + " " + target + "\nIf-Match: " + (ifMatch == null ? "" : ifMatch) + "\n";
            digest.update(head.getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void forgetOldKeys() {
        long now = System.currentTimeMillis();
        long last = lastCleanup.get();
        if (now - last > Duration.ofMinutes(10).toMillis() && lastCleanup.compareAndSet(last, now)) {
            try {
                records.forgetBefore(now - retention.toMillis());
            } catch (RuntimeException e) {
                log.warn("Could not forget old idempotency keys: {}", e.getMessage());
            }
        }
    }

    private void problem(HttpServletResponse response, HttpStatus status, String kind, String detail)
            throws IOException {
        ProblemDetail problem = Problems.of(status, kind, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request with its body read once and handed out again. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
