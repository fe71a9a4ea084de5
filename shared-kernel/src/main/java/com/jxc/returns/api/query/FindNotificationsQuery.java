package com.jxc.returns.api.query;

/** The notification outbox: every filter is optional; pages start at 0. */
public record FindNotificationsQuery(String returnId, NotificationView.Status status, int page, int size) {
}
