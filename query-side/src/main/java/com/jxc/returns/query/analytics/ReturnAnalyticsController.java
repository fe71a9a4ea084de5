package com.jxc.returns.query.analytics;

import com.jxc.returns.api.query.AnalyticsDimension;
import com.jxc.returns.api.query.FindReturnAnalyticsQuery;
import com.jxc.returns.api.query.ReturnAnalytics;
import com.jxc.returns.projection.analytics.BusinessCalendar;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Return analytics as JSON, or as CSV for {@code Accept: text/csv} (written by {@link AnalyticsCsvMessageConverter}).
 * JSON is listed first, so it is the answer to {@code Accept: *}{@code /*} or no Accept header.
 */
@RestController
@RequestMapping("/api/analytics/returns")
@Validated
class ReturnAnalyticsController {

    private static final String DIMENSIONS = "reason|sku|category|channel|customer|month";
    /**
     * {@link #DIMENSIONS} in any letter case, spelled out: a case-insensitive flag would not reach the API
     * description, whose validators would then refuse "REASON", which this endpoint takes.
     */
    private static final String DIMENSIONS_ANY_CASE = "[Rr][Ee][Aa][Ss][Oo][Nn]|[Ss][Kk][Uu]"
            + "|[Cc][Aa][Tt][Ee][Gg][Oo][Rr][Yy]|[Cc][Hh][Aa][Nn][Nn][Ee][Ll]|[Cc][Uu][Ss][Tt][Oo][Mm][Ee][Rr]"
            + "|[Mm][Oo][Nn][Tt][Hh]";
    private static final int MAX_BOUND = 40;

    private final QueryGateway queries;

    ReturnAnalyticsController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, AnalyticsCsvMessageConverter.TEXT_CSV})
    ReturnAnalytics analytics(@RequestParam @Pattern(regexp = DIMENSIONS_ANY_CASE,
                                      message = "must be one of " + DIMENSIONS) String groupBy,
                              @RequestParam(required = false) @Size(max = MAX_BOUND) String from,
                              @RequestParam(required = false) @Size(max = MAX_BOUND) String to) {
        return query(groupBy, from, to);
    }

    private ReturnAnalytics query(String groupBy, String from, String to) {
        var query = new FindReturnAnalyticsQuery(AnalyticsDimension.valueOf(groupBy.toUpperCase(Locale.ROOT)),
                bound("from", from), bound("to", to));
        return queries.query(query, ResponseTypes.instanceOf(ReturnAnalytics.class)).join();
    }

    /**
     * A business day (its start in Asia/Shanghai) or an instant with an offset. An offset's '+' sent unencoded in a
     * query string arrives as a space, which no ISO date-time contains, so a space is read as '+'.
     */
    private static Instant bound(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return BusinessCalendar.startOf(LocalDate.parse(value));
            }
            return OffsetDateTime.parse(value.strip().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be a date like 2026-03-01 (a business day in "
                    + BusinessCalendar.ZONE + ") or a date-time with an offset like 2026-03-01T00:00:00+08:00");
        }
    }
}
