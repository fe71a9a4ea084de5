package com.jxc.returns.app.observability;

import com.google.protobuf.ByteString;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One property switches OTLP export on: with {@code management.opentelemetry.tracing.export.otlp.endpoint} naming
 * a collector (here a local OTLP/HTTP receiver that decodes what it is sent), the spans of one HTTP command, from the
 * request through the command handler and the event to the projections, arrive there under one trace id. Without
 * the property nothing is exported ({@code TracingHttpTest}).
 */
@ServiceTest(properties = "management.opentelemetry.tracing.export.schedule-delay=200ms")
class OtlpExportHttpTest extends ServiceOverHttp {

    private static final OtlpReceiver COLLECTOR = OtlpReceiver.start();

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", COLLECTOR::tracesUrl);
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.stop();
    }

    @Test
    void theSpansOfOneHttpCommandArriveAtTheCollectorUnderOneTraceId() {
        String order = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(lifecycle.recordOrder(Orders.salesOrder(order, 2)).status()).isEqualTo(201);

        await("the command's spans at the collector").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ExportedSpan> spans = COLLECTOR.spans();
            ExportedSpan dispatch = spans.stream()
                    .filter(span -> span.name().equals("CommandBus.dispatchCommand(RecordSalesOrderCommand)"))
                    .findFirst().orElseThrow(() -> new AssertionError(describe(spans)));
            List<ExportedSpan> trace = spans.stream().filter(span -> span.traceId().equals(dispatch.traceId()))
                    .toList();
            ExportedSpan request = named(trace, "http post /api/sales-orders");
            assertThat(request.parentSpanId()).as("the request starts the trace").isEmpty();
            assertThat(named(trace, "CommandBus.handleCommand(RecordSalesOrderCommand)")).isNotNull();
            assertThat(named(trace, "EventBus.publishEvent(SalesOrderRecorded)")).isNotNull();
            assertThat(trace).as(describe(trace))
                    .anySatisfy(span -> assertThat(span.name()).isEqualTo("StreamingEventProcessor.process(SalesOrderRecorded)"))
                    .anySatisfy(span -> assertThat(span.name()).startsWith("StockLevelProjection.on(SalesOrderRecorded"));
            assertThat(trace).extracting(ExportedSpan::service).containsOnly("returns-service");
            assertThat(trace).as("every span but the request's has its parent in the same trace")
                    .filteredOn(span -> span != request)
                    .allSatisfy(span -> assertThat(trace).extracting(ExportedSpan::spanId)
                            .contains(span.parentSpanId()));
        });
        assertThat(COLLECTOR.requests()).as("OTLP over HTTP, protobuf").allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/traces");
            assertThat(request.contentType()).isEqualTo("application/x-protobuf");
        });
    }

    private static ExportedSpan named(List<ExportedSpan> trace, String name) {
        return trace.stream().filter(span -> span.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the trace\n" + describe(trace)));
    }

    private static String describe(List<ExportedSpan> spans) {
        return spans.stream().map(span -> span.traceId().substring(0, 8) + " " + span.spanId() + " <- "
                + span.parentSpanId() + " " + span.name()).collect(Collectors.joining("\n"));
    }

    record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name) {

        static ExportedSpan of(String service, Span span) {
            return new ExportedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
                    hex(span.getParentSpanId()), span.getName());
        }

        private static String hex(ByteString bytes) {
            return HexFormat.of().formatHex(bytes.toByteArray());
        }
    }

    record ReceivedRequest(String method, String path, String contentType) {
    }

    /** An OTLP/HTTP collector of traces: decodes every {@code ExportTraceServiceRequest} it is sent. */
    static final class OtlpReceiver {

        private final HttpServer server;
        private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
        private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();

        private OtlpReceiver(HttpServer server) {
            this.server = server;
        }

        static OtlpReceiver start() {
            try {
                var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                var receiver = new OtlpReceiver(server);
                server.createContext("/", exchange -> {
                    try {
                        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                        receiver.requests.add(new ReceivedRequest(exchange.getRequestMethod(),
                                exchange.getRequestURI().getPath(), contentType));
                        InputStream body = exchange.getRequestBody();
                        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                            body = new GZIPInputStream(body);
                        }
                        var export = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
                        for (ResourceSpans resource : export.getResourceSpansList()) {
                            String service = resource.getResource().getAttributesList().stream()
                                    .filter(attribute -> attribute.getKey().equals("service.name"))
                                    .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse("");
                            resource.getScopeSpansList().forEach(scope -> scope.getSpansList()
                                    .forEach(span -> receiver.spans.add(ExportedSpan.of(service, span))));
                        }
                        byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                        exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
                        if (response.length > 0) {
                            exchange.getResponseBody().write(response);
                        }
                    } finally {
                        exchange.close();
                    }
                });
                server.start();
                return receiver;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String tracesUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
        }

        List<ExportedSpan> spans() {
            return List.copyOf(spans);
        }

        List<ReceivedRequest> requests() {
            return List.copyOf(requests);
        }

        void stop() {
            server.stop(0);
        }
    }
}
