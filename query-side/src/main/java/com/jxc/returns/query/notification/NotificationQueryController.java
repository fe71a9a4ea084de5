package com.jxc.returns.query.notification;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.query.FindNotificationsQuery;
import com.jxc.returns.api.query.NotificationPage;
import com.jxc.returns.api.query.NotificationView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/notifications")
@Validated
class NotificationQueryController {

    private static final String ID = Identifiers.PATTERN;

    private final QueryGateway queries;

    NotificationQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    NotificationPage list(@RequestParam(required = false) @Pattern(regexp = ID) String returnId,
                          @RequestParam(required = false) NotificationView.Status status,
                          @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                          @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        // recipients' contact details are masked for the caller's role on the way out (ContactMaskingAdvice)
        return queries.query(new FindNotificationsQuery(returnId, status, page, size),
                ResponseTypes.instanceOf(NotificationPage.class)).join();
    }
}
