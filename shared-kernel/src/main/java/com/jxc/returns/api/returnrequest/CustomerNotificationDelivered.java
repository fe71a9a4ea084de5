package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The webhook accepted notification {@code notificationId} (answered 2xx) at {@code deliveredAt}, on attempt
 * {@code attempts}. Recorded in the stream so that an import or a rebuild knows it was delivered and never sends it
 * again; at most one per notification.
 */
@EventTypeName("CustomerNotificationDelivered")
@Revision("1")
public record CustomerNotificationDelivered(ReturnRequestId returnId, String notificationId, Instant deliveredAt,
                                            int attempts) implements ReturnRequestEvent {
}
