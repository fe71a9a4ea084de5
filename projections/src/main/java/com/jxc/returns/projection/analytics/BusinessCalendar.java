package com.jxc.returns.projection.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Days and months of the business (Asia/Shanghai). Shipped units are bucketed by business day when they are
 * projected, so changing the zone means rebuilding the analytics read model.
 */
public final class BusinessCalendar {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

    private BusinessCalendar() {
    }

    public static LocalDate day(Instant instant) {
        return instant.atZone(ZONE).toLocalDate();
    }

    public static String month(Instant instant) {
        return MONTH.format(instant.atZone(ZONE));
    }

    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }
}
