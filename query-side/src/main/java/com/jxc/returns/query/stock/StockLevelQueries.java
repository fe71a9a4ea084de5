package com.jxc.returns.query.stock;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.query.FindStockLevelsQuery;
import com.jxc.returns.api.query.StockLevels;
import com.jxc.returns.projection.stock.StockLevelRepository;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Component
class StockLevelQueryHandler {

    private final StockLevelRepository levels;

    StockLevelQueryHandler(StockLevelRepository levels) {
        this.levels = levels;
    }

    @QueryHandler
    StockLevels handle(FindStockLevelsQuery query) {
        return new StockLevels(levels.levels(query.sku(), query.warehouse()));
    }
}

@RestController
@Validated
class StockLevelController {

    private static final String ID = Identifiers.PATTERN;

    private final QueryGateway queries;

    StockLevelController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/stock-levels")
    StockLevels levels(@RequestParam(required = false) @Pattern(regexp = ID) String sku,
                       @RequestParam(required = false) @Pattern(regexp = ID) String warehouse) {
        return queries.query(new FindStockLevelsQuery(sku, warehouse), ResponseTypes.instanceOf(StockLevels.class))
                .join();
    }
}
