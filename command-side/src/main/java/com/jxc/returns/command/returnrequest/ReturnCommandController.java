package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.web.CommandDispatcher;
import com.jxc.returns.command.web.ExpectedVersion;
import com.jxc.returns.command.web.RequestShapes;
import jakarta.validation.Valid;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.ConfirmSettlementCommand;
import com.jxc.returns.api.returnrequest.DeclineSettlementCommand;
import com.jxc.returns.api.returnrequest.FeedbackChannel;
import com.jxc.returns.api.returnrequest.GiveFeedbackCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.LineQuantity;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Commands on returns: every state change of the return lifecycle is one endpoint. */
@RestController
@RequestMapping("/api/returns")
@Validated
class ReturnCommandController {

    private final CommandDispatcher commands;
    private final Clock clock;

    ReturnCommandController(CommandDispatcher commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> submit(@Valid @RequestBody SubmitReturnRequest request) {
        var returnId = new ReturnRequestId(UUID.randomUUID().toString());
        commands.send(request.toCommand(returnId, currentUser(), clock), ReturnAction.SUBMIT.actingRoles());
        return ResponseEntity.created(URI.create("/api/returns/" + returnId.value()))
                .body(Map.of("returnId", returnId.value()));
    }

    // Every command on an existing return takes If-Match: "<version>" (the ETag of GET /api/returns/{id}); when the
    // return moved on since that version the command is refused with 412 and nothing is stored.

    @PostMapping("/{returnId}/approve")
    Map<String, String> approve(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                @Valid @RequestBody(required = false) ApproveRequest request) {
        var body = request == null ? new ApproveRequest(null, null, null) : request;
        return send(returnId, id -> new ApproveReturnCommand(id, body.lines() == null ? List.of()
                : body.lines().stream().map(LineQuantityRequest::toLine).toList(), body.windowOverrideReason(),
                body.comment(), currentUser(), clock.instant(), ExpectedVersion.of(ifMatch)), ReturnAction.APPROVE);
    }

    @PostMapping("/{returnId}/reject")
    Map<String, String> reject(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               @Valid @RequestBody RejectRequest request) {
        return send(returnId, id -> new RejectReturnCommand(id, request.reason(), currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.REJECT);
    }

    @PostMapping("/{returnId}/cancel")
    Map<String, String> cancel(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               @Valid @RequestBody(required = false) CancelRequest request) {
        String reason = request == null ? null : request.reason();
        return send(returnId, id -> new CancelReturnCommand(id, reason, currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.CANCEL);
    }

    @PostMapping("/{returnId}/receive")
    Map<String, String> receive(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                @Valid @RequestBody ReceiveRequest request) {
        return send(returnId, id -> new ReceiveReturnCommand(id, request.lines().stream()
                .map(ReceivedLineRequest::toLine).toList(), currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.RECEIVE);
    }

    @PostMapping("/{returnId}/inspect")
    Map<String, String> inspect(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                @Valid @RequestBody InspectRequest request) {
        return send(returnId, id -> new InspectReturnCommand(id, request.lines().stream()
                .map(DispositionRequest::toDisposition).toList(), currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.INSPECT);
    }

    /**
     * Settles at once (200, state SETTLED), or, when the payout is above the policy's dual-control threshold, only
     * proposes the settlement (202, state SETTLEMENT_PENDING) for a second finance user to confirm.
     */
    @PostMapping("/{returnId}/settle")
    ResponseEntity<Map<String, String>> settle(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                               String ifMatch,
                                               @Valid @RequestBody SettleRequest request) {
        var id = new ReturnRequestId(returnId);
        ReturnState state = commands.send(request.toCommand(id, currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.SETTLE.actingRoles());
        return ResponseEntity.status(state == ReturnState.SETTLEMENT_PENDING ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(Map.of("returnId", returnId, "state", state.name()));
    }

    /** A second finance user (not the proposer) releases a proposed settlement. */
    @PostMapping("/{returnId}/settle/confirm")
    Map<String, String> confirmSettlement(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                          String ifMatch) {
        return send(returnId, id -> new ConfirmSettlementCommand(id, currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.CONFIRM_SETTLEMENT);
    }

    /**
     * A second finance user (not the proposer) declines a proposed settlement, with a reason: nothing is paid and
     * the return is finance's to settle again.
     */
    @PostMapping("/{returnId}/settle/decline")
    Map<String, String> declineSettlement(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                          String ifMatch,
                                          @Valid @RequestBody DeclineRequest request) {
        return send(returnId, id -> new DeclineSettlementCommand(id, request.reason(), currentUser(), clock.instant(),
                ExpectedVersion.of(ifMatch)), ReturnAction.DECLINE_SETTLEMENT);
    }

    @PostMapping("/{returnId}/feedback")
    Map<String, String> feedback(@PathVariable @Pattern(regexp = RequestShapes.ID) String returnId,
                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 @Valid @RequestBody FeedbackRequest request) {
        return send(returnId, id -> new GiveFeedbackCommand(id, request.rating(), request.comment(), currentUser(),
                clock.instant(), request.channel(), ExpectedVersion.of(ifMatch)), ReturnAction.GIVE_FEEDBACK);
    }

    private Map<String, String> send(String returnId, Function<ReturnRequestId, Object> command,
                                     ReturnAction action) {
        var id = new ReturnRequestId(returnId);
        commands.send(command.apply(id), action.actingRoles());
        return Map.of("returnId", returnId);
    }

    private static UserId currentUser() {
        return new UserId(SecurityContextHolder.getContext().getAuthentication().getName());
    }

    record LineQuantityRequest(@Positive @Max(RequestShapes.MAX_LINE_NO) int lineNo,
                               @PositiveOrZero @Max(Quantity.MAX) int quantity) {
        LineQuantity toLine() {
            return new LineQuantity(lineNo, Quantity.of(quantity));
        }
    }

    record ApproveRequest(@Size(max = RequestShapes.MAX_LINES) List<@NotNull @Valid LineQuantityRequest> lines,
                          @Size(max = RequestShapes.MAX_TEXT) String windowOverrideReason,
                          @Size(max = RequestShapes.MAX_TEXT) String comment) {
    }

    record RejectRequest(@NotBlank @Size(max = RequestShapes.MAX_TEXT) String reason) {
    }

    record DeclineRequest(@NotBlank @Size(max = RequestShapes.MAX_TEXT) String reason) {
    }

    record CancelRequest(@Size(max = RequestShapes.MAX_TEXT) String reason) {
    }

    record ReceivedLineRequest(@Positive @Max(RequestShapes.MAX_LINE_NO) int lineNo,
                               @PositiveOrZero @Max(Quantity.MAX) int quantity,
                               @Pattern(regexp = RequestShapes.ID) String receivedSku,
                               @Size(max = RequestShapes.MAX_TEXT) String note) {
        ReceiveReturnCommand.ReceiptLine toLine() {
            return new ReceiveReturnCommand.ReceiptLine(lineNo, Quantity.of(quantity),
                    receivedSku == null ? null : new Sku(receivedSku), note);
        }
    }

    record ReceiveRequest(@NotEmpty @Size(max = RequestShapes.MAX_LINES)
                          List<@NotNull @Valid ReceivedLineRequest> lines) {
    }

    record DispositionRequest(@Positive @Max(RequestShapes.MAX_LINE_NO) int lineNo,
                              @PositiveOrZero @Max(Quantity.MAX) int restocked,
                              @PositiveOrZero @Max(Quantity.MAX) int scrapped,
                              @PositiveOrZero @Max(Quantity.MAX) int repair,
                              @PositiveOrZero @Max(Quantity.MAX) int returnedToVendor,
                              @PositiveOrZero @Max(Quantity.MAX) int refused) {
        InspectReturnCommand.Disposition toDisposition() {
            return new InspectReturnCommand.Disposition(lineNo, Quantity.of(restocked), Quantity.of(scrapped),
                    Quantity.of(repair), Quantity.of(returnedToVendor), Quantity.of(refused));
        }
    }

    record InspectRequest(@NotEmpty @Size(max = RequestShapes.MAX_LINES)
                          List<@NotNull @Valid DispositionRequest> lines) {
    }

    record ExchangeRequest(@Pattern(regexp = RequestShapes.ID) String sku,
                           @Positive @Max(Quantity.MAX) Integer quantity,
                           @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal unitPrice,
                           @Pattern(regexp = RequestShapes.CURRENCY) String currency) {
    }

    record SettleRequest(@NotNull SettlementMethod method, @Valid ExchangeRequest exchange) {
        SettleReturnCommand toCommand(ReturnRequestId id, UserId settledBy, java.time.Instant at,
                                      Long expectedVersion) {
            if (exchange != null && method != SettlementMethod.EXCHANGE) {
                throw new IllegalArgumentException("exchange details are only for method EXCHANGE");
            }
            var shipment = exchange == null ? new ExchangeRequest(null, null, null, null) : exchange;
            return new SettleReturnCommand(id, method, shipment.sku() == null ? null : new Sku(shipment.sku()),
                    shipment.quantity() == null ? null : Quantity.of(shipment.quantity()),
                    shipment.unitPrice() == null ? null
                            : new Money(shipment.unitPrice(), RequestShapes.currency(shipment.currency())),
                    settledBy, at, expectedVersion);
        }
    }

    /** {@code channel} is optional: where the feedback was taken, NOT_RECORDED when left out. */
    record FeedbackRequest(@Min(1) @Max(5) int rating, @Size(max = RequestShapes.MAX_TEXT) String comment,
                           FeedbackChannel channel) {
    }

    record SubmitReturnRequest(
            @NotNull @Pattern(regexp = RequestShapes.ID) String orderId,
            @NotEmpty @Size(max = RequestShapes.MAX_LINES) List<@NotNull @Valid RequestedLineRequest> lines,
            @NotNull ReturnReason reason,
            @Size(max = RequestShapes.MAX_TEXT) String reasonText,
            @NotNull Channel channel,
            @NotNull Resolution wantedResolution) {

        SubmitReturnCommand toCommand(ReturnRequestId returnId, UserId requestedBy, Clock clock) {
            return new SubmitReturnCommand(returnId, new SalesOrderId(orderId),
                    lines.stream().map(RequestedLineRequest::toLine).toList(), reason,
                    reasonText == null ? "" : reasonText, channel, wantedResolution, requestedBy, clock.instant());
        }
    }

    record RequestedLineRequest(@Positive @Max(RequestShapes.MAX_LINE_NO) int lineNo,
                                @Positive @Max(Quantity.MAX) int quantity,
                                @NotNull ReportedCondition condition) {
        RequestedLine toLine() {
            return new RequestedLine(lineNo, Quantity.of(quantity), condition);
        }
    }
}
