package com.jxc.returns.query.notification;

import com.jxc.returns.api.query.FindNotificationsQuery;
import com.jxc.returns.api.query.NotificationPage;
import com.jxc.returns.projection.notification.NotificationProperties;
import com.jxc.returns.projection.notification.NotificationRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class NotificationQueryHandler {

    private final NotificationRepository notifications;
    private final NotificationProperties delivery;

    NotificationQueryHandler(NotificationRepository notifications, NotificationProperties delivery) {
        this.notifications = notifications;
        this.delivery = delivery;
    }

    @QueryHandler
    NotificationPage handle(FindNotificationsQuery query) {
        return notifications.page(query.returnId(), query.status(), query.page(), query.size(),
                delivery.deliveryEnabled());
    }
}
