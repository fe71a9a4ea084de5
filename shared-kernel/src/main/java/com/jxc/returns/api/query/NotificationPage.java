package com.jxc.returns.api.query;

import java.util.List;

/**
 * A page of the notification outbox. {@code deliveryEnabled} is false when no webhook is configured: nothing is
 * sent and every notification stays pending.
 */
public record NotificationPage(List<NotificationView> items, int page, int size, long total,
                               boolean deliveryEnabled) {

    public NotificationPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
