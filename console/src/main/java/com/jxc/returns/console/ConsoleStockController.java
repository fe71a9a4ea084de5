package com.jxc.returns.console;

import com.jxc.returns.api.query.FindStockLevelsQuery;
import com.jxc.returns.api.query.StockLevels;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Map;

import static com.jxc.returns.console.ConsoleForms.validId;

/** Stock per SKU and warehouse, including returned goods in inspection, scrap, repair and return to vendor. */
@Profile("!command")
@Controller
class ConsoleStockController {

    private final QueryGateway queries;

    ConsoleStockController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/console/stock")
    String stock(@RequestParam(required = false) String sku, @RequestParam(required = false) String warehouse,
                 Model model) {
        String skuFilter = validId(sku) ? sku : null;
        String warehouseFilter = validId(warehouse) ? warehouse : null;
        model.addAttribute("levels", queries.query(new FindStockLevelsQuery(skuFilter, warehouseFilter),
                ResponseTypes.instanceOf(StockLevels.class)).join().levels());
        model.addAttribute("f", Map.of("sku", skuFilter == null ? "" : skuFilter,
                "warehouse", warehouseFilter == null ? "" : warehouseFilter));
        return "console/stock";
    }
}
