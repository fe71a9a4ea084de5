package com.jxc.returns.query.analytics;

import com.jxc.returns.api.query.AnalyticsDimension;
import com.jxc.returns.api.query.FindReturnAnalyticsQuery;
import com.jxc.returns.api.query.ReturnAnalytics;
import com.jxc.returns.projection.analytics.AnalyticsRepository;
import com.jxc.returns.projection.analytics.BusinessCalendar;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

@Component
class ReturnAnalyticsQueryHandler {

    private final AnalyticsRepository repository;

    ReturnAnalyticsQueryHandler(AnalyticsRepository repository) {
        this.repository = repository;
    }

    @QueryHandler
    ReturnAnalytics handle(FindReturnAnalyticsQuery query) {
        var facts = repository.factsRequestedBetween(query.from(), query.to());
        Map<String, Long> shipped = query.groupBy() == AnalyticsDimension.SKU
                ? repository.shippedUnitsBetween(firstDayFrom(query.from()), firstDayFrom(query.to()))
                : Map.of();
        return new ReturnAnalytics(query.groupBy().name().toLowerCase(Locale.ROOT), query.from(), query.to(),
                BusinessCalendar.ZONE.getId(), ReturnAnalyticsCalculator.groups(query.groupBy(), facts, shipped));
    }

    /**
     * Shipments are kept per business day: a period counts the days that start inside it, which is exact when the
     * period's bounds are business days.
     */
    private static LocalDate firstDayFrom(Instant bound) {
        if (bound == null) {
            return null;
        }
        LocalDate day = BusinessCalendar.day(bound);
        return BusinessCalendar.startOf(day).equals(bound) ? day : day.plusDays(1);
    }
}
