package com.jxc.returns.app.console;

import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/**
 * A console action answers only once the return's view shows everything the command stored. An approval stores
 * four events (approved, a notification, the return order, a notification); here the returns processor applies
 * each in a batch of its own, and the batch with the return order is slow to write, so the view shows the approval
 * without its return order for a while. The page the console redirects to must not be rendered from that version.
 */
@ServiceTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        // every event its own batch, so that one command's events become visible one at a time
        "axon.eventhandling.processors.returns.batch-size=1"})
@AutoConfigureMockMvc
class ConsoleActionShowsWholeCommandTest {

    private static final Duration SLOW_WRITE = Duration.ofMillis(500);

    /** Only this test's context: a second handler in the returns processing group that takes its time. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SlowReturnOrderWrites {

        @Bean
        SlowReturnOrderHandler slowReturnOrderHandler() {
            return new SlowReturnOrderHandler();
        }
    }

    @ProcessingGroup(ReadModels.RETURNS)
    static class SlowReturnOrderHandler {

        @EventHandler
        void on(ReturnOrderIssued event) throws InterruptedException {
            Thread.sleep(SLOW_WRITE.toMillis());
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventStore events;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void afterApprovingTheViewShowsTheReturnOrderIssuedWithTheApproval() throws Exception {
        String shippedAt = TestClock.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        mvc.perform(post("/api/sales-orders").with(httpBasic("integration", "integration"))
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"orderId":"SO-WHOLE-1","customer":{"id":"C-9","name":"韩梅梅","contact":"hmm@example.com"},
                                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                                 "lines":[{"lineNo":1,"sku":"KETTLE-1","category":"appliances","quantity":3,
                                           "unitPrice":199.00,"unitCost":120.00}]}""".formatted(shippedAt)))
                .andExpect(result -> assertThat(result.getResponse().getStatus()).isEqualTo(201));
        var submitted = mvc.perform(post("/api/returns").with(httpBasic("cs", "cs"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"orderId":"SO-WHOLE-1","lines":[{"lineNo":1,"quantity":2,"condition":"DEFECTIVE"}],
                         "reason":"DISSATISFIED","reasonText":"与描述不符","channel":"HOTLINE",
                         "wantedResolution":"REFUND"}""")).andReturn().getResponse();
        assertThat(submitted.getStatus()).as(submitted.getContentAsString()).isEqualTo(201);
        String returnId = json.readTree(submitted.getContentAsString()).path("returnId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> view(returnId) != null
                && "REQUESTED".equals(view(returnId).state()));

        mvc.perform(post("/console/returns/{id}/approve", returnId).with(user("reviewer").roles("REVIEWER"))
                        .with(csrf()).param("comment", "同意退货").param("version", "1"))
                .andExpect(redirectedUrl("/console/returns/" + returnId))
                .andExpect(flash().attribute("notice", "notice.approve"));

        // what the page the console redirects to reads, read at once
        ReturnView shown = view(returnId);
        long stored = events.lastSequenceNumberFor(returnId).orElseThrow();
        assertThat(shown.state()).isEqualTo("APPROVED");
        assertThat(shown.returnOrder()).as("the return order issued with the approval").isNotNull();
        assertThat(shown.version()).as("the view shows every stored event of the return").isEqualTo(stored);

        mvc.perform(get("/console/returns/{id}", returnId).with(user("reviewer").roles("REVIEWER")))
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("id=\"return-order-number\"").contains(shown.returnOrder().number()));
    }

    private ReturnView view(String returnId) {
        return queries.query(new FindReturnQuery(new ReturnRequestId(returnId)),
                ResponseTypes.optionalInstanceOf(ReturnView.class)).join().orElse(null);
    }
}
