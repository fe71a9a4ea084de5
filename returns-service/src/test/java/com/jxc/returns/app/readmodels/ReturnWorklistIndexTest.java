package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.projection.returns.ReturnViewRepository;
import com.jxc.returns.projection.returns.ReturnWorklist;
import com.jxc.returns.query.admin.ReadModelAdministration;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory worklist index must answer every filter, order and page exactly as a scan of the {@code returns}
 * collection does, and the worklist query must be answered from it.
 */
@ServiceTest
class ReturnWorklistIndexTest extends ServiceOverHttp {

    @Autowired
    QueryGateway queries;
    @Autowired
    ReturnWorklist worklist;
    @Autowired
    ReturnViewRepository collection;
    @Autowired
    ReadModelAdministration administration;

    @Test
    void everyFilterOrderAndPageMatchesAScanOfTheCollection() {
        var lifecycles = new RandomLifecycles("WI");
        lifecycles.stockUp(lifecycle);
        lifecycles.runOneAfterAnother(lifecycle, 50, 7L);
        await().atMost(Duration.ofSeconds(90)).until(() -> administration.statuses().stream()
                .allMatch(status -> status.running() && !status.replaying() && status.lag() == 0));
        List<ReturnView> all = collection.page(query(null, null, null, Set.of(), null, "-requestedAt", 0, 500))
                .items();
        assertThat(all).hasSizeGreaterThanOrEqualTo(50);
        ReturnView someone = all.get(all.size() / 2);

        var cases = new ArrayList<FindReturnsQuery>();
        var states = new ArrayList<ReturnState>(Arrays.asList(ReturnState.values()));
        states.add(null);
        for (ReturnState state : states) {
            for (String sort : List.of("-requestedAt", "requestedAt", "-updatedAt", "updatedAt")) {
                for (int page = 0; page < 3; page++) {
                    cases.add(query(state, null, null, Set.of(), null, sort, page, 7));
                }
            }
        }
        cases.add(query(null, someone.request().customerId(), null, Set.of(), null, "-requestedAt", 0, 20));
        cases.add(query(null, null, someone.request().orderId(), Set.of(), null, "-requestedAt", 0, 20));
        cases.add(query(null, null, null, Set.of(), someone.request().reason(), "updatedAt", 1, 5));
        cases.add(query(null, null, null, Set.of("REVIEWER"), null, "-requestedAt", 0, 10));
        cases.add(query(null, null, null, Set.of("WAREHOUSE", "FINANCE"), null, "-updatedAt", 0, 10));
        cases.add(query(null, null, null, Set.of(), someone.request().requestedAt(), "-requestedAt", 0, 10));
        cases.add(query(null, null, null, Set.of(), null, "-requestedAt", 100, 10));
        // a state together with another filter: the state picks the candidates, the rest is filtered while walking
        cases.add(query(ReturnState.valueOf(someone.state()), someone.request().customerId(), null, Set.of(), null,
                "-updatedAt", 0, 10));
        cases.add(query(ReturnState.valueOf(someone.state()), null, null, Set.of(), someone.request().reason(),
                "requestedAt", 0, 3));
        cases.add(query(ReturnState.APPROVED, null, null, Set.of("WAREHOUSE"), null, "-requestedAt", 1, 2));
        cases.add(query(ReturnState.SETTLED, null, null, Set.of(), Instant.now(), "updatedAt", 0, 4));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (FindReturnsQuery query : cases) {
                ReturnPage scanned = collection.page(query);
                ReturnWorklist.PageOfIds indexed = worklist.page(query);
                assertThat(indexed.returnIds()).as(query.toString()).isEqualTo(ids(scanned));
                assertThat(indexed.total()).as(query.toString()).isEqualTo(scanned.total());
            }
        });
        long nonEmpty = cases.stream().filter(query -> !worklist.page(query).returnIds().isEmpty()).count();
        assertThat(nonEmpty).as("cases that select something").isGreaterThan(cases.size() / 4);

        FindReturnsQuery waitingForWarehouse = query(null, null, null, Set.of("WAREHOUSE"), null, "-updatedAt", 0, 5);
        ReturnPage answered = queries.query(waitingForWarehouse, ResponseTypes.instanceOf(ReturnPage.class)).join();
        assertThat(answered.items()).isEqualTo(collection.page(waitingForWarehouse).items());
        assertThat(answered.total()).isEqualTo(worklist.page(waitingForWarehouse).total());
        // asked again, the page's returns come from the recently shown ones at the index's versions: the same answer
        ReturnPage again = queries.query(waitingForWarehouse, ResponseTypes.instanceOf(ReturnPage.class)).join();
        assertThat(again.items()).isEqualTo(collection.page(waitingForWarehouse).items());
        for (FindReturnsQuery query : cases) {
            ReturnPage fromStore = collection.page(query);
            ReturnPage fromQuery = queries.query(query, ResponseTypes.instanceOf(ReturnPage.class)).join();
            assertThat(fromQuery.items()).as(query.toString()).isEqualTo(fromStore.items());
        }
    }

    private static List<String> ids(ReturnPage page) {
        return page.items().stream().map(ReturnView::returnId).toList();
    }

    private static FindReturnsQuery query(ReturnState state, String customerId, String orderId, Set<String> waitingFor,
                                          Object reasonOrBefore, String sort, int page, int size) {
        String reason = reasonOrBefore instanceof String text ? text : null;
        Instant before = reasonOrBefore instanceof Instant instant ? instant : null;
        return new FindReturnsQuery(state, customerId, orderId, reason, waitingFor, before, sort, page, size);
    }
}
