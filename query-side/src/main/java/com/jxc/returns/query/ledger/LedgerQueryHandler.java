package com.jxc.returns.query.ledger;

import com.jxc.returns.api.query.FindLedgerEntriesQuery;
import com.jxc.returns.api.query.FindStoreCreditQuery;
import com.jxc.returns.api.query.FindStoreCreditsQuery;
import com.jxc.returns.api.query.FindTrialBalanceQuery;
import com.jxc.returns.api.query.LedgerEntryPage;
import com.jxc.returns.api.query.StoreCredit;
import com.jxc.returns.api.query.StoreCreditPage;
import com.jxc.returns.api.query.TrialBalance;
import com.jxc.returns.projection.ledger.LedgerRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class LedgerQueryHandler {

    private final LedgerRepository ledger;

    LedgerQueryHandler(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @QueryHandler
    LedgerEntryPage handle(FindLedgerEntriesQuery query) {
        return ledger.page(query.returnId(), query.account(), query.from(), query.to(), query.page(), query.size());
    }

    @QueryHandler
    TrialBalance handle(FindTrialBalanceQuery query) {
        return ledger.trialBalance(query.from(), query.to());
    }

    @QueryHandler
    StoreCredit handle(FindStoreCreditQuery query) {
        return ledger.storeCredit(query.customerId());
    }

    @QueryHandler
    StoreCreditPage handle(FindStoreCreditsQuery query) {
        return ledger.storeCredits(query.page(), query.size());
    }
}
