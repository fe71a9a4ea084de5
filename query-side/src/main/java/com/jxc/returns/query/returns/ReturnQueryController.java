package com.jxc.returns.query.returns;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.query.EventVerification;
import com.jxc.returns.api.query.FindEventVerificationQuery;
import com.jxc.returns.api.query.FindReturnAsOfQuery;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.query.privacy.ContactCarrier;
import com.jxc.returns.query.privacy.ContactMasking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** The returns worklist and detail, and a live feed of one return's changes. */
@RestController
@RequestMapping("/api/returns")
@Validated
class ReturnQueryController {

    private static final String ID = Identifiers.PATTERN;

    private final QueryGateway queries;
    private final Clock clock;
    /** Completes when the service shuts down; every open update stream ends with it. */
    private final Sinks.Empty<Void> closing = Sinks.empty();

    ReturnQueryController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * The return as the worklist shows it now, or with {@code asOf} as it stood at that instant, rebuilt from its
     * events (404 when it did not exist yet). The ETag is the return's version (the sequence number of its last
     * event): send it back as If-Match with a command to have the command refused (412) if the return changed in
     * between. Contact details are masked for the caller's role on the way out (ContactMaskingAdvice). An as-of
     * view tells whether the events it was rebuilt from pass tamper verification ({@code integrity}). The view as
     * it is now names the actions the caller may take on it ({@code allowedActions}, read from {@link ReturnAction}).
     */
    @GetMapping("/{returnId}")
    ResponseEntity<ReturnViewJson> find(@PathVariable @Pattern(regexp = ID) String returnId,
                                        @RequestParam(required = false) Instant asOf, Authentication caller) {
        var id = new ReturnRequestId(returnId);
        Object query = asOf == null ? new FindReturnQuery(id) : new FindReturnAsOfQuery(id, asOf);
        ReturnView view = queries.query(query, ResponseTypes.optionalInstanceOf(ReturnView.class)).join()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, asOf == null
                        ? "No return " + returnId + " is known."
                        : "No return " + returnId + " existed at " + asOf + "."));
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(new ReturnViewJson(view,
                asOf == null ? null : integrity(view), asOf == null ? allowedActions(view, caller) : null));
    }

    /**
     * The view; for an as-of view whether its events pass tamper verification; for the view as it is now the actions
     * the caller may take on it (none on a past state: commands act on the return as it is now).
     */
    record ReturnViewJson(@JsonUnwrapped ReturnView view, Integrity integrity, List<ReturnAction> allowedActions)
            implements ContactCarrier {

        @Override
        public Object withContactsMasked(ContactMasking masking) {
            return new ReturnViewJson(masking.view(view), integrity, allowedActions);
        }
    }

    private static List<ReturnAction> allowedActions(ReturnView view, Authentication caller) {
        Set<Role> held = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .flatMap(authority -> Arrays.stream(Role.values())
                        .filter(role -> authority.equals("ROLE_" + role.name())))
                .collect(Collectors.toSet());
        return List.copyOf(view.allowedActions(caller.getName(), held));
    }

    /**
     * {@code verified}: every event the view was rebuilt from passes tamper verification; otherwise {@code warning}
     * and the events that fail. Null when this instance cannot verify (events kept in Axon Server).
     */
    record Integrity(boolean verified, String warning, List<UnverifiedEvent> unverifiedEvents) {
    }

    record UnverifiedEvent(long position, long sequenceNumber, String problem, String detail) {
    }

    private Integrity integrity(ReturnView view) {
        EventVerification verification;
        try {
            verification = queries.query(new FindEventVerificationQuery(List.of(view.returnId())),
                    ResponseTypes.instanceOf(EventVerification.class)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoHandlerForQueryException) {
                return null;
            }
            throw e;
        }
        List<UnverifiedEvent> failing = verification.brokenLinks().stream()
                .filter(link -> view.returnId().equals(link.aggregateId()) && link.sequenceNumber() <= view.version())
                .map(link -> new UnverifiedEvent(link.globalIndex(), link.sequenceNumber(), link.kind().name(),
                        link.detail()))
                .toList();
        return failing.isEmpty() ? new Integrity(true, null, null) : new Integrity(false, failing.size()
                + " event(s) this view was rebuilt from fail tamper verification; it may not show what was "
                + "written (GET /api/audit/verify has the whole report).", failing);
    }

    /**
     * {@code waitingFor=me} keeps the returns whose next step belongs to one of the caller's roles;
     * {@code minAgeDays} those requested at least that many days ago.
     */
    @GetMapping
    ReturnPage list(@RequestParam(required = false) ReturnState state,
                    @RequestParam(required = false) @Pattern(regexp = ID) String customer,
                    @RequestParam(required = false) @Pattern(regexp = ID) String order,
                    @RequestParam(required = false) ReturnReason reason,
                    @RequestParam(required = false) @Pattern(regexp = "me|[A-Z_]{1,30}") String waitingFor,
                    @RequestParam(required = false) @Min(0) @Max(3650) Integer minAgeDays,
                    @RequestParam(defaultValue = "-requestedAt")
                    @Pattern(regexp = "-?(requestedAt|updatedAt)") String sort,
                    @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                    @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
                    Authentication caller) {
        return queries.query(new FindReturnsQuery(state, customer, order,
                        reason == null ? null : reason.name(), roles(waitingFor, caller),
                        minAgeDays == null ? null : clock.instant().minus(Duration.ofDays(minAgeDays)), sort, page,
                        size),
                ResponseTypes.instanceOf(ReturnPage.class)).join();
    }

    /**
     * Server-sent events: the return as it is now, then every change until the client goes away. Emitted items do
     * not pass the response-body advice, so the caller's masking is applied here, decided on the request's thread.
     */
    @GetMapping(path = "/{returnId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<ReturnView>> updates(@PathVariable @Pattern(regexp = ID) String returnId,
                                              Authentication caller) {
        ContactMasking masking = ContactMasking.forCaller(caller);
        var subscription = queries.subscriptionQuery(new FindReturnQuery(new ReturnRequestId(returnId)),
                ResponseTypes.optionalInstanceOf(ReturnView.class), ResponseTypes.instanceOf(ReturnView.class));
        return subscription.initialResult()
                .flatMapMany(initial -> initial.map(Flux::just).orElseGet(Flux::empty))
                .concatWith(subscription.updates())
                .takeUntilOther(closing.asMono())
                .map(masking::view)
                .map(view -> ServerSentEvent.builder(view).id(Long.toString(view.version())).event("return").build())
                .doFinally(signal -> subscription.close());
    }

    /**
     * An update stream only ends when its client goes away, so the web server's graceful shutdown, which waits for
     * open requests, would wait for each watcher until its timeout (30 s) and then give up. The context's closing
     * comes before that wait.
     */
    @EventListener(ContextClosedEvent.class)
    void endOpenUpdateStreams() {
        closing.tryEmitEmpty();
    }

    private static Set<String> roles(String waitingFor, Authentication caller) {
        if (waitingFor == null) {
            return Set.of();
        }
        Set<String> known = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());
        if (!waitingFor.equals("me")) {
            if (!known.contains(waitingFor)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "waitingFor must be 'me' or one of "
                        + known);
            }
            return Set.of(waitingFor);
        }
        Set<String> mine = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).map(authority -> authority.substring(5))
                .filter(known::contains).collect(Collectors.toSet());
        // a caller with no role that ever acts next must get an empty list, not an unfiltered one
        return mine.isEmpty() ? Set.of("-") : mine;
    }
}
