package com.jxc.returns.query.returns;

import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnState;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
@RequestMapping("/api/returns")
@Validated
class ReturnQueryController {

    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";

    private final QueryGateway queries;

    ReturnQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{returnId}")
    ResponseEntity<ReturnView> find(@PathVariable @Pattern(regexp = ID) String returnId) {
        Optional<ReturnView> view = queries.query(new FindReturnQuery(new ReturnRequestId(returnId)),
                ResponseTypes.optionalInstanceOf(ReturnView.class)).join();
        return view.map(ResponseEntity::ok).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No return " + returnId + " is known."));
    }

    @GetMapping
    ReturnPage list(@RequestParam(required = false) ReturnState state,
                    @RequestParam(required = false) @Pattern(regexp = ID) String customer,
                    @RequestParam(required = false) @Pattern(regexp = ID) String order,
                    @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                    @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return queries.query(new FindReturnsQuery(state, customer, order, page, size),
                ResponseTypes.instanceOf(ReturnPage.class)).join();
    }
}
