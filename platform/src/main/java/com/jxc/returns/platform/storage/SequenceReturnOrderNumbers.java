package com.jxc.returns.platform.storage;

import com.jxc.returns.api.returnrequest.ReturnOrderNumber;
import com.jxc.returns.command.returnrequest.ReturnOrderNumbers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Return order numbers from a database sequence: unique across instances and restarts. A number taken by a command
 * that then fails is skipped, never reused.
 */
@Component
class SequenceReturnOrderNumbers implements ReturnOrderNumbers {

    private final JdbcTemplate jdbc;
    private final String nextValue;
    private final ZoneId zone;

    SequenceReturnOrderNumbers(JdbcTemplate jdbc, RelationalSchema schema,
                               StorageProperties storage) {
        this.jdbc = jdbc;
        this.nextValue = schema.dialect().nextValue(RelationalSchema.RETURN_ORDER_SEQUENCE);
        this.zone = storage.businessTimeZone();
    }

    @Override
    public String next(Instant issuedAt) {
        Long next = jdbc.queryForObject(nextValue, Long.class);
        return ReturnOrderNumber.format(issuedAt.atZone(zone).getYear(), next);
    }
}
