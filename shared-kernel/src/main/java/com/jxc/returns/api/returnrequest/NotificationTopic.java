package com.jxc.returns.api.returnrequest;

/** Every outcome the customer is told about. */
public enum NotificationTopic {
    APPROVED, REJECTED, RETURN_ORDER_ISSUED, RECEIVED, SETTLED, EXPIRED, CANCELLED
}
