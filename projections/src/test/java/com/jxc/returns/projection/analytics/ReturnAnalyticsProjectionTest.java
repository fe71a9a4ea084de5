package com.jxc.returns.projection.analytics;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.Discrepancy;
import com.jxc.returns.api.returnrequest.FeedbackChannel;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.ReviewAssessment;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnAnalyticsProjectionTest {

    private static final ReturnRequestId RETURN = new ReturnRequestId("R-1");
    private static final SalesOrderId ORDER = new SalesOrderId("SO-1");
    private static final Instant REQUESTED = Instant.parse("2026-03-01T02:00:00Z");
    private static final UserId USER = new UserId("tester");
    private static final Map<String, Long> POSITIONS = Map.of("SO-A", 5L, "SO-B", 7L, "SO-C", 6L, "SO-D", 8L);

    private MongoServer server;
    private MongoClient client;
    private AnalyticsRepository repository;
    private AnalyticsProjection projection;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        repository = new AnalyticsRepository(client.getDatabase("analytics-test"));
        // the orders' events, named after their orders, at these stream positions
        projection = new AnalyticsProjection(repository, eventId -> POSITIONS.get(eventId));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void keepsOneFactPerReturnWithEveryStageAndTheCreditedUnits() {
        projection.on(requested(), 0);
        projection.on(new ReturnApproved(RETURN, ORDER, List.of(new LineQuantity(1, Quantity.of(2))), false,
                new UserId("reviewer"), REQUESTED.plusSeconds(3_600), 1, null, null), 1);
        projection.on(new ReturnOrderIssued(RETURN, "RT-2026-000001", List.of(), "send it", null, false,
                REQUESTED.plusSeconds(3_600), 1), 3);
        projection.on(new ReturnReceived(RETURN, new WarehouseId("WH-1"), List.of(new ReceivedLine(1,
                new Sku("SKU-A"), new Sku("SKU-A"), Quantity.of(2), Quantity.of(2), Discrepancy.NONE, null)), USER,
                REQUESTED.plusSeconds(7_200)), 5);
        projection.on(new ReturnInspected(RETURN, ORDER, new WarehouseId("WH-1"), List.of(new InspectedLine(1,
                new Sku("SKU-A"), Quantity.of(1), Quantity.ZERO, Quantity.ZERO, Quantity.ZERO, Quantity.of(1))),
                USER, REQUESTED.plusSeconds(10_800)), 7);
        projection.on(settled(REQUESTED.plusSeconds(14_400)), 8);
        projection.on(new FeedbackGiven(RETURN, 4, "ok", USER, REQUESTED.plusSeconds(18_000),
                FeedbackChannel.HOTLINE), 10);

        ReturnFact fact = repository.fact(RETURN.value()).orElseThrow();
        assertThat(fact.version()).isEqualTo(10);
        assertThat(fact.reason()).isEqualTo("DISSATISFIED");
        assertThat(fact.channel()).isEqualTo("HOTLINE");
        assertThat(fact.customerId()).isEqualTo("C-1");
        assertThat(fact.currency()).isEqualTo("CNY");
        assertThat(fact.autoApproved()).isFalse();
        assertThat(fact.approvedAt()).isEqualTo(REQUESTED.plusSeconds(3_600));
        assertThat(fact.receivedAt()).isEqualTo(REQUESTED.plusSeconds(7_200));
        assertThat(fact.inspectedAt()).isEqualTo(REQUESTED.plusSeconds(10_800));
        assertThat(fact.settledAt()).isEqualTo(REQUESTED.plusSeconds(14_400));
        assertThat(fact.feedbackRating()).isEqualTo(4);
        assertThat(fact.lines()).containsExactly(
                new ReturnFact.Line(1, "SKU-A", "kitchen", new BigDecimal("100.00"), 3, 2, 1),
                new ReturnFact.Line(2, "SKU-B", "garden", new BigDecimal("5.50"), 1, 0, 0));
    }

    @Test
    void eventsDeliveredAgainChangeNothing() {
        projection.on(requested(), 0);
        projection.on(new ReturnRejected(RETURN, ORDER, "worn", new UserId("reviewer"),
                REQUESTED.plusSeconds(60), 1), 1);
        ReturnFact once = repository.fact(RETURN.value()).orElseThrow();

        projection.on(requested(), 0);
        projection.on(new ReturnRejected(RETURN, ORDER, "worn", new UserId("reviewer"),
                REQUESTED.plusSeconds(999), 1), 1);

        assertThat(repository.fact(RETURN.value())).contains(once);
        assertThat(repository.factsRequestedBetween(null, null)).hasSize(1);
    }

    @Test
    void factsAreFoundByTheInstantTheReturnWasRequested() {
        projection.on(requested(), 0);

        assertThat(repository.factsRequestedBetween(REQUESTED, REQUESTED.plusMillis(1))).hasSize(1);
        assertThat(repository.factsRequestedBetween(null, REQUESTED)).isEmpty();
        assertThat(repository.factsRequestedBetween(REQUESTED.plusMillis(1), null)).isEmpty();
    }

    @Test
    void countsShippedUnitsPerSkuAndBusinessDayOncePerOrder() {
        // 17:00 UTC is already the next day in Shanghai
        Instant shipped = Instant.parse("2026-03-01T17:00:00Z");
        projection.on(order("SO-A", shipped, Map.of(1, "SKU-A:3", 2, "SKU-A:2", 3, "SKU-B:1")), token(5), "SO-A");
        projection.on(order("SO-A", shipped, Map.of(1, "SKU-A:3", 2, "SKU-A:2", 3, "SKU-B:1")), token(5), "SO-A");
        projection.on(order("SO-B", shipped, Map.of(1, "SKU-A:10")), token(7, 6L), "SO-B");
        // the event at 6 arrives late and fills the gap: it is new, not a repeat (the token alone cannot tell: the
        // event's own position does)
        projection.on(order("SO-C", shipped, Map.of(1, "SKU-A:100")), token(7), "SO-C");
        projection.on(order("SO-B", shipped, Map.of(1, "SKU-A:10")), token(7, 6L), "SO-B");
        projection.on(order("SO-D", Instant.parse("2026-03-01T15:00:00Z"), Map.of(1, "SKU-A:1000")), token(8),
                "SO-D");

        assertThat(repository.shippedUnitsBetween(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-03")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("SKU-A", 115L, "SKU-B", 1L));
        assertThat(repository.shippedUnitsBetween(null, LocalDate.parse("2026-03-02")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("SKU-A", 1000L));
        assertThat(repository.shippedUnitsBetween(null, null))
                .containsExactlyInAnyOrderEntriesOf(Map.of("SKU-A", 1115L, "SKU-B", 1L));
    }

    @Test
    void anOrderDeliveredAgainAfterAGapBeforeItWasFilledCountsOnce() {
        Instant shipped = Instant.parse("2026-03-01T17:00:00Z");
        Instant dayBefore = Instant.parse("2026-03-01T15:00:00Z");
        // SO-B at 7 is applied while the event at 6 (SO-C) is not committed yet; the batch's token is not stored
        // before a crash, and when the batch is read again SO-C is stored, so SO-B's token has no gap any more
        projection.on(order("SO-B", shipped, Map.of(1, "SKU-A:10")), token(7, 6L), "SO-B");
        projection.on(order("SO-C", shipped, Map.of(1, "SKU-A:100")), token(6), "SO-C");
        projection.on(order("SO-B", shipped, Map.of(1, "SKU-A:10")), token(7), "SO-B");
        // a document SO-C does not touch: SO-B's token is the only thing that changed
        projection.on(order("SO-B", dayBefore, Map.of(1, "SKU-B:10")), token(7, 6L), "SO-B");
        projection.on(order("SO-C", shipped, Map.of(1, "SKU-A:100")), token(6), "SO-C");
        projection.on(order("SO-B", dayBefore, Map.of(1, "SKU-B:10")), token(7), "SO-B");

        assertThat(repository.shippedUnitsBetween(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-03")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("SKU-A", 110L));
        assertThat(repository.shippedUnitsBetween(null, LocalDate.parse("2026-03-02")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("SKU-B", 10L));
    }

    @Test
    void resetStartsFromNothing() {
        projection.on(requested(), 0);
        projection.on(order("SO-A", REQUESTED, Map.of(1, "SKU-A:3")), token(1), "SO-A");

        projection.reset();

        assertThat(repository.factsRequestedBetween(null, null)).isEmpty();
        assertThat(repository.shippedUnitsBetween(null, null)).isEmpty();
    }

    private static ReturnRequested requested() {
        var lines = List.of(
                new ReturnLine(1, new Sku("SKU-A"), "kitchen", Quantity.of(3), ReportedCondition.DEFECTIVE,
                        Money.of("100.00", Money.CNY), null),
                new ReturnLine(2, new Sku("SKU-B"), "garden", Quantity.of(1), ReportedCondition.DEFECTIVE,
                        Money.of("5.50", Money.CNY), null));
        return new ReturnRequested(RETURN, ORDER, new Customer(new CustomerId("C-1"), "张三", "z@example.com"),
                new WarehouseId("WH-1"), Money.CNY, REQUESTED.minusSeconds(86_400), lines,
                ReturnReason.DISSATISFIED, "meh", Channel.HOTLINE, Resolution.REFUND, USER, REQUESTED,
                new ReviewAssessment(1, true, LocalDate.parse("2026-03-30"), Money.of("305.50", Money.CNY), false,
                        List.of("reason-needs-review")));
    }

    private static ReturnSettled settled(Instant at) {
        Money zero = Money.zero(Money.CNY);
        Money hundred = Money.of("100.00", Money.CNY);
        return new ReturnSettled(RETURN, ORDER, new CustomerId("C-1"), new WarehouseId("WH-1"),
                SettlementMethod.REFUND, List.of(new CreditedLine(1, new Sku("SKU-A"), "kitchen", Quantity.of(1),
                hundred, null)), hundred, zero, false, hundred, null, hundred, zero, zero, false, USER, at, 1);
    }

    /** Lines as "SKU:units" by line number. */
    private static SalesOrderRecorded order(String id, Instant shippedAt, Map<Integer, String> lines) {
        return new SalesOrderRecorded(new SalesOrderId(id),
                new Customer(new CustomerId("C-1"), "张三", "z@example.com"), new WarehouseId("WH-1"), shippedAt,
                Money.CNY, lines.entrySet().stream().map(line -> {
                    String[] skuAndUnits = line.getValue().split(":");
                    return new SalesOrderLine(line.getKey(), new Sku(skuAndUnits[0]), "kitchen",
                            Quantity.of(Integer.parseInt(skuAndUnits[1])), Money.of("1.00", Money.CNY), null,
                            List.of());
                }).toList());
    }

    private static GapAwareTrackingToken token(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, Set.of(gaps));
    }
}
