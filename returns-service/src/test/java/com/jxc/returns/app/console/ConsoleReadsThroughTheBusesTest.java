package com.jxc.returns.app.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.FindSalesOrderQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.query.SalesOrderView;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/**
 * What the console reads it reads over the query bus, and it reads the same as before: the new-return form's
 * returnable quantities from the sales-orders read model (shipped minus what returns hold, given back when a return
 * is rejected), a return's timeline and the return right after its n-th event from the audit queries (the approval
 * alone, before the return order issued by the same command), and the analytics CSV exactly as the API writes it.
 */
@ServiceTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
class ConsoleReadsThroughTheBusesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    MockMvc mvc;
    @Autowired
    QueryGateway queries;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theNewReturnFormShowsWhatReturnsHoldAndGiveBack() throws Exception {
        recordOrder("SO-BUS-1");
        String returnId = submitReturn("SO-BUS-1", 2);

        await().atMost(PATIENCE).until(() -> returnable("SO-BUS-1").equals(List.of(1, 4)));
        assertThat(newReturnPage("SO-BUS-1")).contains("max=\"1\" name=\"qty.1\"").contains("max=\"4\" name=\"qty.2\"")
                .contains("C-BUS");

        mvc.perform(post("/console/returns/{id}/reject", returnId).with(user("reviewer").roles("REVIEWER"))
                        .with(csrf()).param("reason", "超出退货范围"))
                .andExpect(redirectedUrl("/console/returns/" + returnId));
        await().atMost(PATIENCE).until(() -> returnable("SO-BUS-1").equals(List.of(3, 4)));
        assertThat(newReturnPage("SO-BUS-1")).contains("max=\"3\" name=\"qty.1\"");
        assertThat(newReturnPage("SO-NO-SUCH-ORDER")).doesNotContain("name=\"qty.1\"");
    }

    @Test
    void theTimelineAndTheReturnAfterEachEventComeFromTheAuditQueries() throws Exception {
        recordOrder("SO-BUS-2");
        String returnId = submitReturn("SO-BUS-2", 2);
        mvc.perform(post("/console/returns/{id}/approve", returnId).with(user("reviewer").roles("REVIEWER"))
                        .with(csrf()).param("comment", "同意退货"))
                .andExpect(redirectedUrl("/console/returns/" + returnId));
        ReturnView approved = await().atMost(PATIENCE).until(() -> view(returnId),
                view -> view != null && view.returnOrder() != null);
        String number = approved.returnOrder().number();

        String whole = returnPage(returnId, null);
        List<String> types = Pattern.compile("data-type=\"([A-Za-z]+)\"").matcher(whole).results()
                .map(match -> match.group(1)).toList();
        assertThat(types).startsWith("ReturnRequested", "ReturnApproved").contains("ReturnOrderIssued");
        assertThat(whole).contains("reviewer").contains("同意退货").contains("KETTLE-1 × 2");

        int approval = types.indexOf("ReturnApproved") + 1;
        String afterApproval = asOfSection(returnPage(returnId, approval));
        assertThat(afterApproval).contains("APPROVED").doesNotContain(number);
        int issued = types.indexOf("ReturnOrderIssued") + 1;
        assertThat(asOfSection(returnPage(returnId, issued))).contains(number);
        assertThat(asOfSection(returnPage(returnId, 1))).contains("REQUESTED").doesNotContain("APPROVED");
    }

    @Test
    void theAnalyticsCsvIsTheApisCsv() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> {
            String api = mvc.perform(get("/api/analytics/returns?groupBy=category")
                            .with(httpBasic("auditor", "auditor")).accept("text/csv"))
                    .andReturn().getResponse().getContentAsString();
            var console = mvc.perform(get("/console/analytics.csv?groupBy=category")
                    .with(user("auditor").roles("AUDITOR"))).andReturn().getResponse();
            assertThat(console.getContentType()).startsWith("text/csv");
            assertThat(console.getHeader("Content-Disposition")).contains("returns-by-category.csv");
            assertThat(console.getContentAsString()).startsWith("category,currency,requests").isEqualTo(api);
        });
    }

    private void recordOrder(String orderId) throws Exception {
        var order = Orders.salesOrder(orderId).customer("C-BUS", "韩梅梅", "hmm@example.com")
                .shippedAt(TestClock.daysAgo(5).truncatedTo(ChronoUnit.SECONDS))
                .line("KETTLE-1", "appliances", 3, "199.00", "120.00")
                .line("MUG-2", "kitchen", 4, "25.00");
        var response = mvc.perform(post("/api/sales-orders").with(httpBasic("integration", "integration"))
                .contentType(MediaType.APPLICATION_JSON).content(order.json())).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
    }

    private String submitReturn(String orderId, int quantity) throws Exception {
        var submitted = mvc.perform(post("/api/returns").with(httpBasic("cs", "cs"))
                .contentType(MediaType.APPLICATION_JSON).content(Orders.returnOf(orderId)
                        .line(1, quantity, "DEFECTIVE").reasonText("与描述不符").json())).andReturn().getResponse();
        assertThat(submitted.getStatus()).as(submitted.getContentAsString()).isEqualTo(201);
        String returnId = json.readTree(submitted.getContentAsString()).path("returnId").asText();
        await().atMost(PATIENCE).until(() -> view(returnId) != null);
        return returnId;
    }

    private List<Integer> returnable(String orderId) {
        return queries.query(new FindSalesOrderQuery(new SalesOrderId(orderId)),
                        ResponseTypes.optionalInstanceOf(SalesOrderView.class)).join()
                .map(order -> order.lines().stream().map(SalesOrderView.Line::returnable).toList())
                .orElse(List.of());
    }

    private String newReturnPage(String orderId) throws Exception {
        return mvc.perform(get("/console/returns/new").param("orderId", orderId)
                        .with(user("cs").roles("CUSTOMER_SERVICE")))
                .andReturn().getResponse().getContentAsString();
    }

    private String returnPage(String returnId, Integer upTo) throws Exception {
        var request = get("/console/returns/{id}", returnId).with(user("auditor").roles("AUDITOR"));
        if (upTo != null) {
            request.param("upTo", upTo.toString());
        }
        var response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    /** The page's "as of" result: the return's state, lines and return order right after the chosen event. */
    private static String asOfSection(String page) {
        int start = page.indexOf("id=\"as-of-result\"");
        assertThat(start).as("the page shows the return as of the chosen event").isPositive();
        return page.substring(start, page.indexOf("</div>", start));
    }

    private ReturnView view(String returnId) {
        return queries.query(new FindReturnQuery(new ReturnRequestId(returnId)),
                ResponseTypes.optionalInstanceOf(ReturnView.class)).join().orElse(null);
    }
}
