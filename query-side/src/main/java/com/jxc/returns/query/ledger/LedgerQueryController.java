package com.jxc.returns.query.ledger;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.query.FindLedgerEntriesQuery;
import com.jxc.returns.api.query.FindStoreCreditQuery;
import com.jxc.returns.api.query.FindStoreCreditsQuery;
import com.jxc.returns.api.query.FindTrialBalanceQuery;
import com.jxc.returns.api.query.LedgerEntryPage;
import com.jxc.returns.api.query.StoreCredit;
import com.jxc.returns.api.query.StoreCreditPage;
import com.jxc.returns.api.query.TrialBalance;
import com.jxc.returns.projection.ledger.Account;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The returns ledger for finance: postings, the trial balance and store credit owed per customer. */
@RestController
@RequestMapping("/api/ledger")
@Validated
class LedgerQueryController {

    private static final String ID = Identifiers.PATTERN;

    private final QueryGateway queries;

    LedgerQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/entries")
    LedgerEntryPage entries(@RequestParam(required = false) @Pattern(regexp = ID) String returnId,
                            @RequestParam(required = false) @Pattern(regexp = "[0-9]{4,6}") String account,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                            Instant from,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                            Instant to,
                            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        requirePeriod(from, to);
        String code = account == null ? null : Account.ofCode(account).code();
        return queries.query(new FindLedgerEntriesQuery(returnId, code, from, to, page, size),
                ResponseTypes.instanceOf(LedgerEntryPage.class)).join();
    }

    @GetMapping("/trial-balance")
    TrialBalance trialBalance(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                              Instant from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                              Instant to) {
        requirePeriod(from, to);
        return queries.query(new FindTrialBalanceQuery(from, to), ResponseTypes.instanceOf(TrialBalance.class))
                .join();
    }

    @GetMapping("/store-credit/{customerId}")
    StoreCredit storeCredit(@PathVariable @Pattern(regexp = ID) String customerId) {
        return queries.query(new FindStoreCreditQuery(customerId), ResponseTypes.instanceOf(StoreCredit.class))
                .join();
    }

    @GetMapping("/store-credit")
    StoreCreditPage storeCredits(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                 @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return queries.query(new FindStoreCreditsQuery(page, size), ResponseTypes.instanceOf(StoreCreditPage.class))
                .join();
    }

    private static void requirePeriod(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to' (from is inclusive, to exclusive)");
        }
    }
}
