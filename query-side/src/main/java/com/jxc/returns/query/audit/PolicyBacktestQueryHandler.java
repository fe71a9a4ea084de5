package com.jxc.returns.query.audit;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.query.FindPolicyBacktestQuery;
import com.jxc.returns.api.query.PolicyBacktest;
import com.jxc.returns.api.returnpolicy.AutoApprovalPolicy;
import com.jxc.returns.api.returnpolicy.KeepItemPolicy;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnpolicy.ReturnWindowPolicy;
import com.jxc.returns.api.returnpolicy.SettlementCalculator;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Replays the returns requested in a range against a draft policy, with the kernel's own policy objects, and stores
 * nothing. The request value, the units authorised and the units credited are what really happened; only the
 * policy's verdicts and amounts are recomputed. Keep-item is judged on the units actually authorised (or, for a
 * return the draft would auto-approve that was never approved, on all requested units).
 */
@Component
class PolicyBacktestQueryHandler {

    private final EventStore eventStore;

    PolicyBacktestQueryHandler(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    private static final class Case {
        final ReturnRequested requested;
        ReturnOrderIssued issued;
        ReturnSettled settled;

        Case(ReturnRequested requested) {
            this.requested = requested;
        }
    }

    @QueryHandler
    PolicyBacktest handle(FindPolicyBacktestQuery query) throws InterruptedException {
        Map<String, Case> cases = new LinkedHashMap<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                Object payload = stream.nextAvailable().getPayload();
                if (payload instanceof ReturnRequested requested
                        && !requested.requestedAt().isBefore(query.from())
                        && requested.requestedAt().isBefore(query.to())) {
                    cases.put(requested.returnId().value(), new Case(requested));
                } else if (payload instanceof ReturnOrderIssued issued && cases.containsKey(issued.returnId().value())) {
                    cases.get(issued.returnId().value()).issued = issued;
                } else if (payload instanceof ReturnSettled settled && cases.containsKey(settled.returnId().value())) {
                    cases.get(settled.returnId().value()).settled = settled;
                }
            }
        }
        var outcomes = new ArrayList<PolicyBacktest.ReturnOutcome>();
        Map<String, Tally> tallies = new TreeMap<>();
        for (Case c : cases.values()) {
            var outcome = outcome(query.draft(), c);
            outcomes.add(outcome);
            tallies.computeIfAbsent(outcome.currency(), Tally::new).add(outcome);
        }
        return new PolicyBacktest(query.from(), query.to(), outcomes,
                tallies.values().stream().map(Tally::totals).toList());
    }

    private static PolicyBacktest.ReturnOutcome outcome(ReturnPolicyTerms draft, Case c) {
        ReturnRequested r = c.requested;
        var assessment = r.assessment();
        var actual = new PolicyBacktest.Verdict(assessment.withinWindow(), assessment.lastDayOfWindow(),
                assessment.autoApproved(), assessment.reviewReasons(), c.issued == null ? null : c.issued.keepItem(),
                c.settled == null ? null : new PolicyBacktest.Settlement(c.settled.method().name(),
                        c.settled.goodsValue().amount(), c.settled.restockingFee().amount(), c.settled.feeWaived(),
                        c.settled.credit().amount(), c.settled.refunded().amount(),
                        c.settled.storeCredit().amount(), c.settled.dueFromCustomer().amount()));

        var window = ReturnWindowPolicy.check(draft, r.shippedAt(), r.requestedAt(), r.reason(),
                r.lines().stream().map(ReturnLine::category).distinct().toList());
        var verdict = AutoApprovalPolicy.assess(draft.autoApproval(), window.within(), assessment.requestValue(),
                r.reason());
        List<ReturnLine> authorised = c.issued != null ? c.issued.lines() : verdict.autoApproved() ? r.lines() : null;
        Boolean keepItem = authorised == null ? null : KeepItemPolicy.keepsItem(draft, authorised.stream()
                .map(line -> line.unitPrice().times(line.quantity().value()))
                .reduce(Money.zero(r.currency()), Money::plus));
        PolicyBacktest.Settlement settlement = null;
        if (c.settled != null) {
            var amounts = SettlementCalculator.compute(draft, r.reason(), r.currency(), c.settled.creditedLines(),
                    c.settled.method(), c.settled.exchange());
            settlement = new PolicyBacktest.Settlement(c.settled.method().name(), amounts.goodsValue().amount(),
                    amounts.restockingFee().amount(), amounts.feeWaived(), amounts.credit().amount(),
                    amounts.refunded().amount(), amounts.storeCredit().amount(),
                    amounts.dueFromCustomer().amount());
        }
        var proposed = new PolicyBacktest.Verdict(window.within(), window.lastDay(), verdict.autoApproved(),
                verdict.reviewReasons(), keepItem, settlement);
        return new PolicyBacktest.ReturnOutcome(r.returnId().value(), r.requestedAt(), r.reason().name(),
                r.currency().getCurrencyCode(), assessment.requestValue().amount(), actual, proposed,
                differences(actual, proposed));
    }

    private static List<String> differences(PolicyBacktest.Verdict actual, PolicyBacktest.Verdict draft) {
        var differences = new ArrayList<String>();
        if (actual.withinWindow() != draft.withinWindow()) {
            differences.add("window");
        } else if (!actual.lastDayOfWindow().equals(draft.lastDayOfWindow())) {
            differences.add("last-day-of-window");
        }
        if (actual.autoApproved() != draft.autoApproved()) {
            differences.add("auto-approval");
        }
        if (actual.keepItem() != null && draft.keepItem() != null && !actual.keepItem().equals(draft.keepItem())) {
            differences.add("keep-item");
        }
        var was = actual.settlement();
        var would = draft.settlement();
        if (was != null && would != null) {
            compare(differences, "restocking-fee", was.restockingFee(), would.restockingFee());
            compare(differences, "refunded", was.refunded(), would.refunded());
            compare(differences, "store-credit", was.storeCredit(), would.storeCredit());
            compare(differences, "due-from-customer", was.dueFromCustomer(), would.dueFromCustomer());
        }
        return differences;
    }

    private static void compare(List<String> differences, String name, BigDecimal was, BigDecimal would) {
        if (was.compareTo(would) != 0) {
            differences.add(name);
        }
    }

    /** Running totals of one currency. */
    private static final class Tally {
        private final String currency;
        private int returns;
        private int settled;
        private int reviewToAuto;
        private int autoToReview;
        private int windowInToOut;
        private int windowOutToIn;
        private int keepItemChanged;
        private final BigDecimal[] actual;
        private final BigDecimal[] draft;

        Tally(String currency) {
            this.currency = currency;
            this.actual = zeros(currency);
            this.draft = zeros(currency);
        }

        void add(PolicyBacktest.ReturnOutcome outcome) {
            returns++;
            var was = outcome.actual();
            var would = outcome.draft();
            if (!was.autoApproved() && would.autoApproved()) {
                reviewToAuto++;
            } else if (was.autoApproved() && !would.autoApproved()) {
                autoToReview++;
            }
            if (was.withinWindow() && !would.withinWindow()) {
                windowInToOut++;
            } else if (!was.withinWindow() && would.withinWindow()) {
                windowOutToIn++;
            }
            if (outcome.differences().contains("keep-item")) {
                keepItemChanged++;
            }
            if (was.settlement() != null) {
                settled++;
                add(actual, was.settlement());
                add(draft, Objects.requireNonNull(would.settlement()));
            }
        }

        private static void add(BigDecimal[] sums, PolicyBacktest.Settlement s) {
            sums[0] = sums[0].add(s.restockingFee());
            sums[1] = sums[1].add(s.credit());
            sums[2] = sums[2].add(s.refunded());
            sums[3] = sums[3].add(s.storeCredit());
            sums[4] = sums[4].add(s.dueFromCustomer());
        }

        private static BigDecimal[] zeros(String currency) {
            BigDecimal zero = Money.zero(java.util.Currency.getInstance(currency)).amount();
            return new BigDecimal[]{zero, zero, zero, zero, zero};
        }

        PolicyBacktest.Totals totals() {
            return new PolicyBacktest.Totals(currency, returns, settled, reviewToAuto, autoToReview, windowInToOut,
                    windowOutToIn, keepItemChanged, money(actual), money(draft));
        }

        private static PolicyBacktest.Money money(BigDecimal[] sums) {
            return new PolicyBacktest.Money(sums[0], sums[1], sums[2], sums[3], sums[4]);
        }
    }
}
