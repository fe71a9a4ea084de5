package com.jxc.returns.command.purchasing;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.purchasing.PurchaseReceiptId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import com.jxc.returns.api.purchasing.RecordPurchaseReceiptCommand;
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

/** The purchasing system reports goods received from suppliers here; stock levels start from them. */
@RestController
@RequestMapping("/api/purchase-receipts")
class PurchaseReceiptController {

    private final CommandDispatcher commands;

    PurchaseReceiptController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> record(@Valid @RequestBody RecordReceiptRequest request) {
        commands.send(request.toCommand(), Role.INTEGRATION);
        return ResponseEntity.created(URI.create("/api/purchase-receipts/" + request.receiptId()))
                .body(Map.of("receiptId", request.receiptId()));
    }

    record RecordReceiptRequest(@NotNull @Pattern(regexp = RequestShapes.ID) String receiptId,
                                @NotBlank @Size(max = 200) String supplier,
                                @NotNull @Pattern(regexp = RequestShapes.ID) String warehouse,
                                @NotNull @BusinessInstant Instant receivedAt,
                                @Pattern(regexp = RequestShapes.CURRENCY) String currency,
                                @NotEmpty @Size(max = RequestShapes.MAX_LINES) List<@NotNull @Valid LineRequest> lines) {
        RecordPurchaseReceiptCommand toCommand() {
            Currency receiptCurrency = RequestShapes.currency(currency);
            return new RecordPurchaseReceiptCommand(new PurchaseReceiptId(receiptId), supplier,
                    new WarehouseId(warehouse), receivedAt, lines.stream()
                    .map(line -> new ReceiptLine(new Sku(line.sku()), Quantity.of(line.quantity()),
                            line.unitCost() == null ? null : new Money(line.unitCost(), receiptCurrency)))
                    .toList());
        }
    }

    record LineRequest(@NotNull @Pattern(regexp = RequestShapes.ID) String sku,
                       @Positive @Max(Quantity.MAX) int quantity,
                       @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal unitCost) {
    }
}
