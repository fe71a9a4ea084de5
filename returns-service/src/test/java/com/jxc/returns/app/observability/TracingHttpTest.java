package com.jxc.returns.app.observability;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.axonframework.tracing.SpanFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from an HTTP command through the command handler, the stored event and every projection that handles it,
 * and from an HTTP query through the query handler; spans collected by an in-memory exporter in place of OTLP.
 */
@ServiceTest
@Import(TracingHttpTest.InMemorySpans.class)
@ExtendWith(OutputCaptureExtension.class)
class TracingHttpTest extends ServiceOverHttp {

    private static final Duration EXPORTED = Duration.ofSeconds(30);

    @TestConfiguration
    static class InMemorySpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    SpanFactory spanFactory;

    @Autowired
    ApplicationContext context;

    @Test
    void aCommandIsOneTraceFromTheRequestToEveryProjectionOfItsEvent() {
        String order = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        var earlierRequests = spans.getFinishedSpanItems().stream().map(SpanData::getTraceId)
                .collect(Collectors.toSet());
        assertThat(lifecycle.recordOrder(Orders.salesOrder(order, 2)).status()).isEqualTo(201);

        List<String> projections = List.of("StockLevelProjection", "LedgerProjection", "AnalyticsProjection");
        await("the spans of the command and its projections").atMost(EXPORTED).untilAsserted(() -> {
            SpanData request = only(span -> span.getName().equals("http post /api/sales-orders")
                    && !earlierRequests.contains(span.getTraceId())
                    && trace(span.getTraceId()).stream().anyMatch(named("CommandBus.dispatchCommand(RecordSalesOrderCommand)")));
            List<SpanData> trace = trace(request.getTraceId());
            SpanData dispatch = child(trace, request, "CommandBus.dispatchCommand(RecordSalesOrderCommand)");
            SpanData handle = child(trace, dispatch, "CommandBus.handleCommand(RecordSalesOrderCommand)");
            SpanData publish = child(trace, handle, "EventBus.publishEvent(SalesOrderRecorded)");
            List<SpanData> processing = trace.stream()
                    .filter(named("StreamingEventProcessor.process(SalesOrderRecorded)")).toList();
            assertThat(processing).as(describe(trace)).hasSizeGreaterThanOrEqualTo(projections.size())
                    .allSatisfy(process -> assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId()));
            for (String projection : projections) {
                assertThat(trace).as(describe(trace)).anySatisfy(handler -> {
                    assertThat(handler.getName()).startsWith(projection + ".on(SalesOrderRecorded");
                    assertThat(processing).extracting(SpanData::getSpanId).contains(handler.getParentSpanId());
                });
            }
        });
    }

    /**
     * A rebuild handles every stored event again, by the read model's own processor or with every read model in one
     * pass; none of that is traced, while live events still are.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/admin/read-models/stock-levels/rebuild", "/api/admin/read-models/rebuild"})
    void eventsHandledAgainByARebuildAreNotTraced(String rebuild) {
        long atStart = stockHandlingSpans();
        assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-" + UUID.randomUUID().toString().substring(0, 8), 2))
                .status()).isEqualTo(201);
        await("the order's stock handling span").atMost(EXPORTED).until(() -> stockHandlingSpans() > atStart);
        long beforeRebuild = stockHandlingSpans();

        http.post(rebuild, "admin", null).ok(rebuild);
        await("the rebuild of stock levels").atMost(EXPORTED).until(() -> http.get(
                "/api/admin/read-models/stock-levels", "admin").ok("status").body().contains("\"finished\":true"));
        assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-" + UUID.randomUUID().toString().substring(0, 8), 2))
                .status()).isEqualTo(201);
        // spans are exported in the order they end, so the replayed ones would be there before this one
        await("the stock handling span of an order recorded after the rebuild").atMost(EXPORTED)
                .until(() -> stockHandlingSpans() > beforeRebuild);

        assertThat(stockHandlingSpans())
                .as("one span for the order recorded after the rebuild, none for the events replayed (%d spans before)",
                        beforeRebuild)
                .isEqualTo(beforeRebuild + 1);
    }

    private long stockHandlingSpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("StockLevelProjection.on(SalesOrderRecorded")).count();
    }

    @Test
    void aQueryIsOneTraceFromTheRequestToItsHandler() {
        var response = http.get("/api/stock-levels", "warehouse");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);

        await("the spans of the query").atMost(EXPORTED).untilAsserted(() -> {
            SpanData request = only(span -> span.getName().equals("http get /api/stock-levels"));
            List<SpanData> trace = trace(request.getTraceId());
            SpanData query = trace.stream().filter(span -> span.getName().startsWith("QueryBus.query"))
                    .findFirst().orElseThrow(() -> new AssertionError(describe(trace)));
            assertThat(query.getName()).contains("FindStockLevelsQuery");
            assertThat(ancestors(trace, query)).as(describe(trace)).contains(request.getSpanId());
            assertThat(trace).as(describe(trace)).anySatisfy(handler -> {
                assertThat(handler.getName()).contains("(FindStockLevelsQuery)");
                assertThat(ancestors(trace, handler)).contains(query.getSpanId());
            });
        });
    }

    /** Export is off by default: without an OTLP endpoint no exporter exists (OtlpExportHttpTest sets one). */
    @Test
    void nothingIsExportedWithoutAnEndpoint() {
        assertThat(context.getEnvironment().getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isNull();
        assertThat(context.getBeansOfType(SpanExporter.class).values())
                .as("the span exporters: only this test's in-memory one").containsExactly(spans);
        assertThat(context.getBeanNamesForType(OtlpTracingConnectionDetails.class)).isEmpty();
    }

    @Test
    void logLinesCarryTheTraceAndSpanIds(CapturedOutput output) {
        var span = spanFactory.createRootTrace(() -> "log correlation").start();
        String traceId;
        String spanId;
        try (var ignored = span.makeCurrent()) {
            traceId = io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId();
            spanId = io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
            LoggerFactory.getLogger(TracingHttpTest.class).info("a line inside a traced operation");
        } finally {
            span.end();
        }
        assertThat(output.getAll().lines().filter(line -> line.contains("a line inside a traced operation")))
                .singleElement().asString().contains(traceId).contains(spanId);
    }

    private SpanData only(Predicate<SpanData> which) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(which).toList();
        assertThat(found).as(describe(spans.getFinishedSpanItems())).hasSize(1);
        return found.get(0);
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData child(List<SpanData> trace, SpanData parent, String name) {
        Optional<SpanData> child = trace.stream()
                .filter(span -> span.getName().equals(name) && span.getParentSpanId().equals(parent.getSpanId()))
                .findFirst();
        assertThat(child).as(name + " under " + parent.getName() + " in\n" + describe(trace)).isPresent();
        return child.get();
    }

    private static List<String> ancestors(List<SpanData> trace, SpanData span) {
        var ids = new java.util.ArrayList<String>();
        SpanData current = span;
        while (current != null) {
            String parent = current.getParentSpanId();
            ids.add(parent);
            current = trace.stream().filter(candidate -> candidate.getSpanId().equals(parent)).findFirst().orElse(null);
        }
        return ids;
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    private static String describe(List<SpanData> spans) {
        return spans.stream().map(span -> span.getTraceId().substring(0, 8) + " " + span.getSpanId() + " <- "
                + span.getParentSpanId() + " " + span.getName()).collect(Collectors.joining("\n"));
    }
}
