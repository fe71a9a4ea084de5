package com.jxc.returns.console;

import com.jxc.returns.api.query.FindLedgerEntriesQuery;
import com.jxc.returns.api.query.FindStoreCreditQuery;
import com.jxc.returns.api.query.FindStoreCreditsQuery;
import com.jxc.returns.api.query.FindTrialBalanceQuery;
import com.jxc.returns.api.query.LedgerEntryPage;
import com.jxc.returns.api.query.StoreCredit;
import com.jxc.returns.api.query.StoreCreditPage;
import com.jxc.returns.api.query.TrialBalance;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import static com.jxc.returns.console.ConsoleForms.day;
import static com.jxc.returns.console.ConsoleForms.validId;

/** The books: ledger postings with the trial balance for a period, and customers' store credit. */
@Profile("!command")
@Controller
class ConsoleLedgerController {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{4,6}");

    private final QueryGateway queries;

    ConsoleLedgerController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/console/ledger")
    String ledger(@RequestParam(required = false) String returnId, @RequestParam(required = false) String account,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        String returnFilter = validId(returnId) ? returnId : null;
        String accountFilter = account != null && ACCOUNT.matcher(account).matches() ? account : null;
        Instant start = day(from);
        Instant end = day(to);
        int pageNo = Math.max(0, Math.min(page, 100_000));
        model.addAttribute("entries", queries.query(new FindLedgerEntriesQuery(returnFilter, accountFilter, start,
                end, pageNo, 50), ResponseTypes.instanceOf(LedgerEntryPage.class)).join());
        model.addAttribute("balance", queries.query(new FindTrialBalanceQuery(start, end),
                ResponseTypes.instanceOf(TrialBalance.class)).join());
        model.addAttribute("f", Map.of("returnId", returnFilter == null ? "" : returnFilter,
                "account", accountFilter == null ? "" : accountFilter, "from", start == null ? "" : from,
                "to", end == null ? "" : to));
        model.addAttribute("page", pageNo);
        return "console/ledger";
    }

    @GetMapping("/console/store-credit")
    String storeCredit(@RequestParam(required = false) String customer, @RequestParam(defaultValue = "0") int page,
                       Model model) {
        if (validId(customer)) {
            model.addAttribute("credit", queries.query(new FindStoreCreditQuery(customer),
                    ResponseTypes.instanceOf(StoreCredit.class)).join());
        }
        model.addAttribute("customer", validId(customer) ? customer : "");
        model.addAttribute("credits", queries.query(new FindStoreCreditsQuery(Math.max(0, page), 50),
                ResponseTypes.instanceOf(StoreCreditPage.class)).join());
        return "console/store-credit";
    }
}
