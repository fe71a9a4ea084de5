package com.jxc.returns.query.returns;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param scanLimit     while the in-memory worklist index loads, requests are answered by a scan of the
 *                      {@code returns} collection only while it holds at most this many returns (503 above)
 * @param recentReturns returns of recent worklist pages kept in memory; 0 turns it off
 */
@Validated
@ConfigurationProperties("returns.worklist")
public record WorklistProperties(@PositiveOrZero @DefaultValue("10000") long scanLimit,
                                 @PositiveOrZero @DefaultValue("500") int recentReturns) {
}
