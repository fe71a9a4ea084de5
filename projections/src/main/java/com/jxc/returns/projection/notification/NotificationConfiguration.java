package com.jxc.returns.projection.notification;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

    @Bean
    SchedulingConfigurer webhookPolling(WebhookDelivery delivery, NotificationProperties properties) {
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(delivery::poll, properties.pollInterval(),
                properties.pollInterval()));
    }
}
