package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.web.CommandDispatcher;
import com.jxc.returns.command.web.RequestShapes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Commands on returns: every state change of the return lifecycle is one endpoint. */
@RestController
@RequestMapping("/api/returns")
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
        String requestedBy = SecurityContextHolder.getContext().getAuthentication().getName();
        commands.send(request.toCommand(returnId, new UserId(requestedBy), clock), Role.CUSTOMER_SERVICE);
        return ResponseEntity.created(URI.create("/api/returns/" + returnId.value()))
                .body(Map.of("returnId", returnId.value()));
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
