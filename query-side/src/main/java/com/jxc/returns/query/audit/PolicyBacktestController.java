package com.jxc.returns.query.audit;

import com.jxc.returns.api.query.PolicyBacktest;
import jakarta.validation.Valid;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a draft policy would have changed: the draft (same shape as {@code PUT /api/return-policy}) replayed against
 * the returns requested in [{@code from}, {@code to}). Reads only; defines nothing. The console's policy page sends
 * the same {@link BacktestRequest}.
 */
@RestController
@RequestMapping("/api/return-policy")
class PolicyBacktestController {

    private final QueryGateway queries;

    PolicyBacktestController(QueryGateway queries) {
        this.queries = queries;
    }

    @PostMapping("/backtest")
    PolicyBacktest backtest(@Valid @RequestBody BacktestRequest request) {
        return queries.query(request.toQuery(), ResponseTypes.instanceOf(PolicyBacktest.class)).join();
    }
}
