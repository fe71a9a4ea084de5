package com.jxc.returns.api.returnrequest;

/** Every decision about one return. */
public sealed interface ReturnRequestEvent
        permits ReturnRequested, ReturnApproved, ReturnOrderIssued, ReturnRejected, ReturnCancelled, ReturnExpired,
        ReturnReceived, ReturnInspected, SettlementProposed, SettlementDeclined, ReturnSettled,
        CustomerNotificationRequested, CustomerNotificationDelivered, FeedbackGiven {
    ReturnRequestId returnId();
}
