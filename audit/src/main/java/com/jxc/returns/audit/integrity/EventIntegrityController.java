package com.jxc.returns.audit.integrity;

import com.jxc.returns.api.query.EventIntegrity;
import com.jxc.returns.api.query.FindEventIntegrityQuery;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Tamper evidence for auditors: re-checks every event chain now. A broken chain is a finding, not an error: the answer
 * is 200 with {@code verified: false} and the first broken link.
 */
@RestController
@RequestMapping("/api/audit")
@Validated
class EventIntegrityController {

    private final QueryGateway queries;

    EventIntegrityController(QueryGateway queries) {
        this.queries = queries;
    }

    /** {@code anchorIndex} and {@code anchorHash}: a point of the chain noted earlier (sealedUpTo, sealedChainHash). */
    @GetMapping("/verify")
    EventIntegrity verify(@RequestParam(required = false) @Min(0) Long anchorIndex,
                          @RequestParam(required = false) @Pattern(regexp = "[0-9a-f]{64}") String anchorHash) {
        if ((anchorIndex == null) != (anchorHash == null)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "anchorIndex and anchorHash go together: a global index and the chain hash noted for it");
        }
        return queries.query(new FindEventIntegrityQuery(anchorIndex, anchorHash),
                ResponseTypes.instanceOf(EventIntegrity.class)).join();
    }
}
