package com.jxc.returns.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.query.FindReturnHistoryQuery;
import com.jxc.returns.api.query.ReturnHistory;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.query.privacy.ContactMasking;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A return's full history for auditors: every stored event, who acted, in which role, under which policy. */
@RestController
@RequestMapping("/api/returns")
@Validated
class ReturnHistoryController {

    private static final String ID = Identifiers.PATTERN;
    static final String TEXT_CSV = "text/csv";
    /** The metadata columns are named as the metadata entries they show. */
    private static final List<String> CSV_COLUMNS = List.of("position", "type", "revision", "timestamp",
            "aggregateId", "sequenceNumber", MetadataKeys.USER_ID, MetadataKeys.USER_ROLE, MetadataKeys.CORRELATION_ID,
            MetadataKeys.CAUSATION_ID, "policyVersion", "eventId", "verified", "payload");

    private final QueryGateway queries;

    ReturnHistoryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/{returnId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryJson history(@PathVariable @Pattern(regexp = ID) String returnId, Authentication caller) {
        ReturnHistory history = load(returnId, caller);
        return new HistoryJson(history.returnId(), history.orderId(), history.warning(),
                history.events().stream().map(EntryJson::of).toList());
    }

    @GetMapping(path = "/{returnId}/history", produces = TEXT_CSV)
    ResponseEntity<String> historyCsv(@PathVariable @Pattern(regexp = ID) String returnId,
                                      Authentication caller) {
        ReturnHistory history = load(returnId, caller);
        var csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (ReturnHistory.Entry e : history.events()) {
            csv.append(Stream.of(e.position(), e.type(), e.revision(), e.timestamp(), e.aggregateId(),
                            e.sequenceNumber(), e.userId(), e.userRole(), e.correlationId(), e.causationId(),
                            e.policyVersion(), e.eventId(), e.verified(), e.payload())
                    .map(ReturnHistoryController::cell).collect(Collectors.joining(","))).append("\r\n");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(TEXT_CSV + ";charset=UTF-8"))
                .header("Content-Disposition", "inline; filename=\"" + returnId + "-history.csv\"")
                .body(csv.toString());
    }

    /** Payloads as stored, except that contact fields are masked for roles that see contacts masked. */
    private ReturnHistory load(String returnId, Authentication caller) {
        return ContactMasking.forCaller(caller).history(queries.query(new FindReturnHistoryQuery(new ReturnRequestId(returnId)),
                        ResponseTypes.optionalInstanceOf(ReturnHistory.class)).join()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "No return " + returnId + " is known.")));
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; a formula-looking text is defused. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** {@code warning}: set when an event of the history fails tamper verification. */
    record HistoryJson(String returnId, String orderId, String warning, List<EntryJson> events) {
    }

    /**
     * One event; {@code payload} is embedded as the JSON it was stored as; {@code verified} is false for an event
     * that fails tamper verification.
     */
    record EntryJson(long position, String type, String revision, Instant timestamp, String aggregateId,
                     long sequenceNumber, String eventId, String userId, String userRole, String correlationId,
                     String causationId, Integer policyVersion, Boolean verified, @JsonRawValue String payload) {
        static EntryJson of(ReturnHistory.Entry e) {
            return new EntryJson(e.position(), e.type(), e.revision(), e.timestamp(), e.aggregateId(),
                    e.sequenceNumber(), e.eventId(), e.userId(), e.userRole(), e.correlationId(), e.causationId(),
                    e.policyVersion(), e.verified(), e.payload());
        }
    }
}
