package com.jxc.returns.command.salesorder;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.RecordSalesOrderCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.command.web.BusinessInstant;
import com.jxc.returns.command.web.CommandDispatcher;
import com.jxc.returns.command.web.RequestShapes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** The sales system reports shipped orders here; returns are checked against them. */
@RestController
@RequestMapping("/api/sales-orders")
class SalesOrderController {

    private final CommandDispatcher commands;

    SalesOrderController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> record(@Valid @RequestBody RecordSalesOrderRequest request) {
        commands.send(request.toCommand(), Role.INTEGRATION);
        String orderId = request.orderId();
        return ResponseEntity.created(URI.create("/api/sales-orders/" + orderId)).body(Map.of("orderId", orderId));
    }

    record RecordSalesOrderRequest(
            @NotNull @Pattern(regexp = RequestShapes.ID) String orderId,
            @NotNull @Valid CustomerRequest customer,
            @NotNull @Pattern(regexp = RequestShapes.ID) String warehouse,
            @NotNull @BusinessInstant Instant shippedAt,
            @Pattern(regexp = RequestShapes.CURRENCY) String currency,
            @NotEmpty @Size(max = RequestShapes.MAX_LINES) List<@NotNull @Valid LineRequest> lines) {

        RecordSalesOrderCommand toCommand() {
            Currency orderCurrency = RequestShapes.currency(currency);
            return new RecordSalesOrderCommand(new SalesOrderId(orderId),
                    new Customer(new CustomerId(customer.id()), customer.name(), customer.contact()),
                    new WarehouseId(warehouse), shippedAt, orderCurrency,
                    lines.stream().map(line -> line.toLine(orderCurrency)).toList());
        }
    }

    record CustomerRequest(@NotNull @Pattern(regexp = RequestShapes.ID) String id,
                           @NotBlank @Size(max = 200) String name,
                           @NotBlank @Size(max = 200) String contact) {
    }

    record LineRequest(@Positive @Max(RequestShapes.MAX_LINE_NO) int lineNo,
                       @NotNull @Pattern(regexp = RequestShapes.ID) String sku,
                       @NotBlank @Size(max = 100) @Pattern(regexp = RequestShapes.CATEGORY) String category,
                       @Positive @Max(Quantity.MAX) int quantity,
                       @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal unitPrice,
                       @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal unitCost,
                       @Size(max = Quantity.MAX) List<@NotBlank @Size(max = 100) String> serialNumbers) {

        SalesOrderLine toLine(Currency currency) {
            return new SalesOrderLine(lineNo, new Sku(sku), category, Quantity.of(quantity),
                    new Money(unitPrice, currency), unitCost == null ? null : new Money(unitCost, currency),
                    serialNumbers);
        }
    }
}
