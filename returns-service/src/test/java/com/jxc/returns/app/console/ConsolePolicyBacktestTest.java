package com.jxc.returns.app.console;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.PolicyBacktest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.jxc.returns.app.audit.BacktestReturns.returnOf;
import static com.jxc.returns.app.audit.BacktestReturns.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The policy page's backtest form through the console's own filter chain (session user, CSRF): the same three
 * returns and the same draft as {@code PolicyBacktestHttpTest}, so the page must show the figures computed by hand
 * there, and the result it renders must be exactly what {@code POST /api/return-policy/backtest} answers for the
 * same draft and period. Who may run it, refused drafts shown with the API's own limits, nothing stored.
 */
@ServiceTest
@AutoConfigureMockMvc
class ConsolePolicyBacktestTest {

    @LocalServerPort
    int port;
    @Autowired
    MockMvc mvc;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    static String a;
    static String b;
    static String c;

    /** Once for the class (the application context, and its event store, are shared by the tests). */
    @BeforeEach
    void threeReturnsDecidedUnderTheDefaultPolicy() {
        if (a != null) {
            return;
        }
        var http = ServiceHttp.onPort(port);
        // the policy page shows the policy read model, which follows the policy defined at start-up
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/return-policy", "auditor").status() == 200);
        a = returnOf(http, "SO-CBT-A", 5, "249.00", 2, "QUALITY_DEFECT");
        settle(http, a, 2, false);
        b = returnOf(http, "SO-CBT-B", 3, "300.00", 1, "DISSATISFIED");
        settle(http, b, 1, true);
        c = returnOf(http, "SO-CBT-C", 10, "50.00", 1, "OTHER");
    }

    @Test
    void theFormStartsFromThePolicyInForceForAuditorsAndAdministratorsOnly() throws Exception {
        String page = html(mvc.perform(get("/console/policy").with(user("auditor").roles("AUDITOR"))).andReturn());
        assertThat(page).contains("id=\"backtest-form\"").doesNotContain("id=\"backtest-result\"");
        assertThat(input(page, "bt-window-days")).contains("value=\"30\"");
        assertThat(input(page, "bt-window-QUALITY_DEFECT")).contains("value=\"90\"");
        assertThat(input(page, "bt-window-OTHER")).contains("value=\"\"");
        assertThat(input(page, "bt-fee")).contains("value=\"15\"");
        assertThat(input(page, "bt-waived-WRONG_ITEM")).contains("checked");
        assertThat(input(page, "bt-waived-DISSATISFIED")).doesNotContain("checked");
        assertThat(input(page, "bt-auto-enabled")).contains("checked");
        assertThat(input(page, "bt-auto-max")).contains("value=\"500.00\"");
        assertThat(input(page, "bt-keep-item")).contains("value=\"20.00\"");
        assertThat(input(page, "bt-time-zone")).contains("value=\"Asia/Shanghai\"");
        assertThat(page).contains("name=\"_csrf\"");
        // every input of the form has a label (wrapping it, or for= its id)
        assertThat(page).contains("<label class=\"field\" for=\"bt-window-days\">")
                .contains("<label for=\"bt-window-by-category\"");
        assertThat(html(mvc.perform(get("/console/policy").with(user("admin").roles("ADMIN"))).andReturn()))
                .contains("id=\"backtest-form\"");

        for (String role : new String[]{"CUSTOMER_SERVICE", "REVIEWER", "WAREHOUSE", "FINANCE"}) {
            String other = html(mvc.perform(get("/console/policy").with(user("u").roles(role))).andReturn());
            assertThat(other).as(role).contains("id=\"current-policy\"").contains("id=\"backtest-roles\"")
                    .doesNotContain("id=\"backtest-form\"");
            MvcResult refused = mvc.perform(backtest(draft()).with(user("u").roles(role))).andReturn();
            assertThat(refused.getResponse().getStatus()).as(role).isEqualTo(403);
            assertThat(refused.getResponse().getForwardedUrl()).isEqualTo("/console/forbidden");
        }
        // no CSRF token: refused like every console form
        assertThat(mvc.perform(post("/console/policy/backtest").params(params(draft()))
                .with(user("auditor").roles("AUDITOR"))).andReturn().getResponse().getStatus()).isEqualTo(403);
        // a GET (language switch, reload) goes back to the page
        assertThat(mvc.perform(get("/console/policy/backtest").with(user("auditor").roles("AUDITOR"))).andReturn()
                .getResponse().getRedirectedUrl()).isEqualTo("/console/policy");
    }

    @Test
    void theResultIsTheApisAnswerForTheSameDraftShownWithTheFiguresComputedByHand() throws Exception {
        long eventsBefore = events();
        MvcResult result = mvc.perform(backtest(draft()).with(user("auditor").roles("AUDITOR"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String page = html(result);
        assertThat(page).doesNotContain("id=\"action-error\"");
        PolicyBacktest shown = (PolicyBacktest) result.getModelAndView().getModel().get("backtest");

        // the same question through the API gives the same answer, record for record
        var api = ServiceHttp.onPort(port).post("/api/return-policy/backtest", "auditor", """
                {"policy":{"windowDays":4,"windowDaysByReason":{"QUALITY_DEFECT":90},"restockingFeePercent":10,
                  "feeWaivedReasons":["QUALITY_DEFECT"],
                  "autoApproval":{"enabled":true,"requireWithinWindow":true,"maxValue":400,
                                  "reasons":["QUALITY_DEFECT","WRONG_ITEM","TRANSIT_DAMAGE","DISSATISFIED"]},
                  "receiptDeadlineDays":14,"keepItemThreshold":300.01,"timeZone":"Asia/Shanghai"},
                 "from":"%s","to":"%s"}""".formatted(shown.from(), shown.to()));
        assertThat(api.status()).as(api.toString()).isEqualTo(200);
        assertThat(shown).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(json.readValue(api.body(), PolicyBacktest.class));
        assertThat(shown.from()).isEqualTo(Instant.EPOCH);
        assertThat(shown.returns()).hasSize(3);

        // what the page says (zh-CN, the console's default)
        assertThat(text(page, "bt-summary")).isEqualTo("自最早一笔起至今提交的退货： 3 笔退货中有 3 笔判定会不同");
        assertThat(text(page, "bt-count-CNY-returns")).isEqualTo("重新判定的退货 3");
        assertThat(text(page, "bt-count-CNY-settled")).isEqualTo("其中已结算 2");
        assertThat(text(page, "bt-count-CNY-reviewToAutoApproval")).endsWith(" 1");
        assertThat(text(page, "bt-count-CNY-autoApprovalToReview")).endsWith(" 1");
        assertThat(text(page, "bt-count-CNY-windowInToOut")).endsWith(" 1");
        assertThat(text(page, "bt-count-CNY-windowOutToIn")).endsWith(" 0");
        assertThat(text(page, "bt-count-CNY-keepItemChanged")).endsWith(" 1");
        assertThat(text(page, "bt-money-CNY-restockingFees")).isEqualTo("退货手续费 ¥45.00 ¥30.00 -¥15.00");
        assertThat(text(page, "bt-money-CNY-refunded")).isEqualTo("退款 ¥753.00 ¥768.00 +¥15.00");
        assertThat(text(page, "bt-money-CNY-credit")).isEqualTo("应退金额 ¥753.00 ¥768.00 +¥15.00");
        String rowA = row(page, a);
        assertThat(rowA).contains("质量问题").contains("¥498.00").contains("自动审核")
                .contains("自动审核通过").contains("需人工审核").contains("金额超过自动审核上限");
        String rowB = row(page, b);
        assertThat(rowB).contains("期限最后一天；自动审核；客户保留货物；退货手续费；退款")
                .contains("退货手续费 ¥45.00；退款 ¥255.00").contains("退货手续费 ¥30.00；退款 ¥270.00")
                .contains("客户保留货物：否").contains("客户保留货物：是");
        String rowC = row(page, c);
        assertThat(rowC).contains("退货期限").contains("在退货期限内").contains("超出退货期限");
        assertThat(page).contains("href=\"/console/returns/" + a + "\"");
        // the form shows the draft that was run, not the policy in force
        assertThat(input(page, "bt-window-days")).contains("value=\"4\"");
        assertThat(input(page, "bt-auto-reason-DISSATISFIED")).contains("checked");
        assertThat(input(page, "bt-waived-WRONG_ITEM")).doesNotContain("checked");
        assertThat(events()).as("a backtest stores nothing").isEqualTo(eventsBefore);

        // the same draft in English, and a period without returns
        var english = new LinkedHashMap<>(draft());
        english.put("from", "2020-01-01");
        english.put("to", "2020-01-02");
        String empty = html(mvc.perform(backtest(english).param("lang", "en")
                .with(user("admin").roles("ADMIN"))).andReturn());
        assertThat(text(empty, "bt-summary")).isEqualTo("Returns requested from Jan 1, 2020 until before Jan 2, 2020: "
                + "0 of 0 returns would have been decided differently");
        assertThat(text(empty, "bt-none")).isEqualTo("No returns were requested in this period.");
        assertThat(empty).doesNotContain("id=\"bt-changes\"");
    }

    @Test
    void aDraftTheApiWouldRefuseIsShownAgainWithWhyAndRunsNothing() throws Exception {
        var negative = new LinkedHashMap<>(draft());
        negative.put("windowDays", "-1");
        String page = html(mvc.perform(backtest(negative).with(user("auditor").roles("AUDITOR"))).andReturn());
        assertThat(text(page, "action-error")).contains("部分输入无效").contains("policy.windowDays");
        assertThat(input(page, "bt-window-days")).contains("value=\"-1\"");
        assertThat(page).doesNotContain("id=\"bt-summary\"");

        var fee = new LinkedHashMap<>(draft());
        fee.put("restockingFeePercent", "100.5");
        assertThat(text(html(mvc.perform(backtest(fee).with(user("auditor").roles("AUDITOR"))).andReturn()),
                "action-error")).contains("policy.restockingFeePercent");

        var words = new LinkedHashMap<>(draft());
        words.put("windowDays", "thirty");
        assertThat(text(html(mvc.perform(backtest(words).with(user("auditor").roles("AUDITOR"))).andReturn()),
                "action-error")).contains("policy.windowDays: not a whole number");

        var category = new LinkedHashMap<>(draft());
        category.put("windowDaysByCategory", "appliances=60\nno days here");
        assertThat(text(html(mvc.perform(backtest(category).with(user("auditor").roles("AUDITOR"))).andReturn()),
                "action-error")).contains("line 2").contains("category=days");

        var backwards = new LinkedHashMap<>(draft());
        backwards.put("from", "2026-03-02");
        backwards.put("to", "2026-03-01");
        assertThat(text(html(mvc.perform(backtest(backwards).with(user("auditor").roles("AUDITOR"))).andReturn()),
                "action-error")).contains("from must be before to");

        var zone = new LinkedHashMap<>(draft());
        zone.put("timeZone", "Mars/Olympus");
        assertThat(text(html(mvc.perform(backtest(zone).param("lang", "en")
                .with(user("auditor").roles("AUDITOR"))).andReturn()), "action-error"))
                .contains("Some values are not valid.").contains("unknown time zone Mars/Olympus");
    }

    // ------------------------------------------------------------------ the form

    /** The draft of PolicyBacktestHttpTest as the form posts it (unticked boxes are absent). */
    private static Map<String, String> draft() {
        var form = new LinkedHashMap<String, String>();
        form.put("windowDays", "4");
        form.put("windowDaysByReason.QUALITY_DEFECT", "90");
        form.put("windowDaysByReason.DISSATISFIED", "");
        form.put("windowDaysByCategory", "");
        form.put("restockingFeePercent", "10");
        form.put("feeWaivedReasons", "QUALITY_DEFECT");
        form.put("autoApproval.enabled", "true");
        form.put("autoApproval.requireWithinWindow", "true");
        form.put("autoApproval.maxValue", "400");
        form.put("autoApproval.reasons", "QUALITY_DEFECT,WRONG_ITEM,TRANSIT_DAMAGE,DISSATISFIED");
        form.put("receiptDeadlineDays", "14");
        form.put("keepItemThreshold", "300.01");
        form.put("timeZone", "Asia/Shanghai");
        form.put("from", "");
        form.put("to", "");
        return form;
    }

    private static MockHttpServletRequestBuilder backtest(Map<String, String> form) {
        return post("/console/policy/backtest").params(params(form)).with(csrf());
    }

    /** Multi-valued fields (reason check boxes) are written comma-separated in {@link #draft()}. */
    private static org.springframework.util.MultiValueMap<String, String> params(Map<String, String> form) {
        var params = new org.springframework.util.LinkedMultiValueMap<String, String>();
        form.forEach((name, value) -> {
            if (name.endsWith("Reasons") || name.endsWith(".reasons")) {
                for (String v : value.split(",")) {
                    params.add(name, v);
                }
            } else {
                params.add(name, value);
            }
        });
        return params;
    }

    // ------------------------------------------------------------------ reading the page

    private static String html(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The {@code <input>} tag with this id. */
    private static String input(String page, String id) {
        int at = page.indexOf("id=\"" + id + "\"");
        assertThat(at).as("no #" + id).isNotNegative();
        int start = page.lastIndexOf("<input", at);
        return page.substring(start, page.indexOf('>', at) + 1);
    }

    /** The text of the element with this id, up to the end of its row, section or alert box. */
    private static String text(String page, String id) {
        int at = page.indexOf("id=\"" + id + "\"");
        assertThat(at).as("no #" + id + " in " + page).isNotNegative();
        int start = page.lastIndexOf('<', at);
        var tag = java.util.regex.Pattern.compile("<([a-z0-9]+)").matcher(page);
        assertThat(tag.find(start)).isTrue();
        int end = page.indexOf("</" + tag.group(1) + ">", at);
        return plain(page.substring(start, end));
    }

    private static String row(String page, String returnId) {
        int at = page.indexOf("data-return-id=\"" + returnId + "\"");
        assertThat(at).as("no row for " + returnId).isNotNegative();
        return plain(page.substring(page.lastIndexOf('<', at), page.indexOf("</tr>", at)));
    }

    /** Text without tags, spaces collapsed; list separators (；) without the spaces the tags left. */
    private static String plain(String html) {
        return html.replaceAll("<[^>]*>", " ").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("\\s+", " ").replaceAll(" ?； ?", "；").strip();
    }

    // ------------------------------------------------------------------ the returns (as PolicyBacktestHttpTest)

    private long events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }
}
