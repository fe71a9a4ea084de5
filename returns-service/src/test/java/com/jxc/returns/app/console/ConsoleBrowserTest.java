package com.jxc.returns.app.console;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.console.ConsoleFormat;
import com.jxc.returns.app.testing.ServiceTest;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.jxc.returns.app.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One return through the web console in a real browser (headless Chromium), signed in as a different user for each
 * step: customer service submits it, the reviewer approves it, the warehouse receives and inspects it, finance
 * settles it, the auditor reads its timeline, looks at it as of its first event and replays it under a draft policy
 * (backtest); then the same return in English, and the administrator rebuilds a read model. A settlement above the dual-control threshold is proposed by one
 * finance user and declined, then confirmed, by another. Finally every page of the console is opened as every role
 * in both languages: none may answer 5xx, show a {@code ??key??} placeholder of a missing text, show the service's
 * English texts in the Chinese console, or make the server log an error or exception while it is rendered.
 * Every screen is saved as a PNG under {@code target/screenshots/}.
 */
@ServiceTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path browserProfile;

    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        // never skipped: without a browser this test fails and says how to get one
        assertThat(Files.isExecutable(CHROMIUM))
                .as("Chromium is required for the console's browser tests at %s; install it with "
                        + "'apt-get install -y chromium chromium-driver' (.ci/run does this)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER))
                .as("chromedriver is required at %s; install it with 'apt-get install -y chromium-driver'",
                        CHROMEDRIVER).isTrue();
        Files.createDirectories(SCREENSHOTS);
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + browserProfile, "--window-size=1280,800",
                "--lang=en-US", "--hide-scrollbars", "--force-device-scale-factor=1");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // screenshots of exactly 1280 × 800 CSS pixels, whatever the window decorations
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        chrome.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser = chrome;
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void oneReturnGoesFromRequestToAuditThroughTheConsoleAsSixUsers() throws IOException {
        var api = ServiceHttp.onPort(port);
        String order = "SO-WEB-1";
        String shippedAt = TestClock.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(api.post("/api/purchase-receipts", "integration", """
                {"receiptId":"PO-WEB-1","supplier":"深圳电子","warehouse":"WH-SH","receivedAt":"%s",
                 "lines":[{"sku":"KETTLE-1","quantity":100,"unitCost":120.00}]}""".formatted(shippedAt)).status())
                .isEqualTo(201);
        assertThat(api.post("/api/sales-orders", "integration", """
                {"orderId":"%s","customer":{"id":"C-88","name":"李雷","contact":"lilei@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"KETTLE-1","category":"appliances","quantity":3,"unitPrice":199.00,"unitCost":120.00},
                          {"lineNo":2,"sku":"MUG-2","category":"kitchen","quantity":4,"unitPrice":25.00}]}"""
                .formatted(order, shippedAt)).status()).isEqualTo(201);

        // anonymous: the console asks for a sign-in, in Chinese
        open("/console/work");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(text(By.tagName("h1"))).isEqualTo("退货控制台");
        screenshot("01-login");

        // customer service: pick the order, choose a line, see the policy's verdict, submit
        signIn("cs");
        assertThat(text(By.tagName("h1"))).isEqualTo("我的工作");
        browser.findElement(By.linkText("新建退货")).click();
        browser.findElement(By.id("order-id")).sendKeys(order);
        browser.findElement(By.id("load-order")).click();
        awaitShown(By.id("order-lines"), "KETTLE-1");
        assertThat(texts(By.cssSelector("#order-lines tbody tr td:nth-child(6)"))).containsExactly("3", "4");
        assertThat(browser.findElement(By.id("qty-1")).getAttribute("max")).isEqualTo("3");
        WebElement quantity = browser.findElement(By.id("qty-1"));
        quantity.clear();
        quantity.sendKeys("2");
        new Select(browser.findElement(By.id("condition-1"))).selectByValue("DEFECTIVE");
        new Select(browser.findElement(By.id("reason"))).selectByValue("DISSATISFIED");
        new Select(browser.findElement(By.id("channel"))).selectByValue("HOTLINE");
        new Select(browser.findElement(By.id("wanted"))).selectByValue("REFUND");
        browser.findElement(By.id("reason-text")).sendKeys("与描述不符");
        browser.findElement(By.id("preview")).click();
        awaitShown(By.id("verdict-approval"), "需人工审核");
        assertThat(text(By.id("verdict-approval"))).contains("该原因需人工审核");
        assertThat(text(By.id("verdict-window"))).startsWith("在退货期限内");
        assertThat(text(By.id("verdict-value"))).isEqualTo("¥398.00");
        assertThat(text(By.id("verdict-fee"))).isEqualTo("¥59.70");
        assertThat(text(By.id("verdict-credit"))).isEqualTo("¥338.30");
        scrollTo(By.id("order-lines"));
        screenshot("02-new-return-preview");
        browser.findElement(By.id("submit-return")).click();
        awaitShown(By.id("notice"), "退货申请已提交。");
        String returnId = text(By.id("return-id"));
        assertThat(text(By.id("state"))).isEqualTo("待审核");
        assertThat(text(By.id("waiting-for"))).isEqualTo("审核员");
        assertThat(text(By.id("request-value"))).isEqualTo("¥398.00");
        screenshot("03-return-requested");
        signOut();

        // reviewer: the return waits in "my work"; approve it
        signIn("reviewer");
        awaitText(By.cssSelector("tr[data-return-id='" + returnId + "']"), order);
        assertThat(text(By.id("tab-mine"))).contains("待我处理").contains("1");
        screenshot("04-my-work-reviewer");
        browser.findElement(By.cssSelector("tr[data-return-id='" + returnId + "'] a")).click();
        assertThat(browser.findElements(By.id("cancel-form"))).isEmpty();
        browser.findElement(By.id("approve-comment")).sendKeys("同意退货");
        browser.findElement(By.id("approve")).click();
        awaitShown(By.id("notice"), "退货已批准。");
        assertThat(text(By.id("state"))).isEqualTo("已批准");
        assertThat(text(By.id("return-order-number"))).matches("RT-\\d{4}-\\d{6}");
        signOut();

        // warehouse: receive both units, then an inspection that leaves a unit unaccounted for is refused
        signIn("warehouse");
        open("/console/returns/" + returnId);
        browser.findElement(By.id("receive-note-1")).sendKeys("外箱破损");
        browser.findElement(By.id("receive")).click();
        awaitShown(By.id("notice"), "收货已登记。");
        assertThat(text(By.id("state"))).isEqualTo("已收货");
        set(By.id("inspect-restocked-1"), "1");
        browser.findElement(By.id("inspect")).click();
        awaitShown(By.id("action-error"), "每件收到的货物必须且只能处理一次");
        scrollTo(By.id("action-error"));
        assertThat(text(By.id("state"))).isEqualTo("已收货");
        screenshot("05-inspection-refused");
        set(By.id("inspect-restocked-1"), "1");
        set(By.id("inspect-scrapped-1"), "1");
        browser.findElement(By.id("inspect")).click();
        awaitShown(By.id("notice"), "质检已登记。");
        assertThat(texts(By.cssSelector("#line-1 td.num"))).containsExactly("¥199.00", "2", "2", "2", "1", "1", "0",
                "0", "0", "2");
        open("/console/stock?sku=KETTLE-1");
        awaitText(By.id("stock-KETTLE-1-WH-SH"), "98");
        assertThat(texts(By.cssSelector("#stock-KETTLE-1-WH-SH td.num"))).containsExactly("98", "0", "1", "0", "0");
        screenshot("06-stock-levels");
        open("/console/ledger");
        assertThat(text(By.tagName("h1"))).isEqualTo("无权访问");
        assertThat(browser.findElements(By.id("trial-balance"))).isEmpty();
        signOut();

        // finance: settle by refund, 15 % restocking fee for a reason that does not waive it
        signIn("finance");
        open("/console/work?stage=settle");
        awaitText(By.cssSelector("tr[data-return-id='" + returnId + "']"), "已质检");
        browser.findElement(By.cssSelector("tr[data-return-id='" + returnId + "'] a")).click();
        assertThat(new Select(browser.findElement(By.id("settle-method"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("REFUND");
        browser.findElement(By.id("settle")).click();
        awaitShown(By.id("notice"), "退货已结算。");
        assertThat(text(By.id("state"))).isEqualTo("已结算");
        assertThat(text(By.id("goods-value"))).isEqualTo("¥398.00");
        assertThat(text(By.id("restocking-fee"))).isEqualTo("¥59.70");
        assertThat(text(By.id("credit"))).isEqualTo("¥338.30");
        assertThat(text(By.id("refunded"))).isEqualTo("¥338.30");
        scrollTo(By.id("notice"));
        screenshot("07-return-settled");
        open("/console/ledger?returnId=" + returnId);
        awaitText(By.id("account-1002-CNY"), "338.30");
        assertThat(text(By.id("balanced-CNY"))).isEqualTo("借贷平衡");
        assertThat(text(By.id("account-6051-CNY"))).contains("其他业务收入—退货手续费").contains("¥59.70");
        screenshot("08-ledger");
        open("/console/policy");
        assertThat(text(By.id("backtest-roles"))).contains("审计员和管理员");
        assertThat(browser.findElements(By.id("backtest-form"))).isEmpty();
        signOut();

        // auditor: who did what, when, under which policy version; the return as of its first event
        signIn("auditor");
        open("/console/returns/" + returnId);
        List<String> timeline = texts(By.cssSelector("#timeline > li"));
        assertThat(timeline.get(0)).contains("1. 提交退货申请").contains("cs").contains("(客服)").contains("政策版本 1");
        assertThat(String.join("\n", timeline))
                .contains("批准").contains("reviewer").contains("(审核员)")
                .contains("收货").contains("warehouse").contains("(仓库)").contains("外箱破损")
                .contains("质检").contains("第 1 行：入库 1，报废 1")
                .contains("结算").contains("finance").contains("(财务)");
        assertThat(browser.findElements(By.cssSelector("#actions form"))).isEmpty();
        WebElement slider = browser.findElement(By.id("up-to"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = 1;", slider);
        browser.findElement(By.id("show-as-of")).click();
        awaitText(By.id("as-of-state"), "待审核");
        assertThat(text(By.id("as-of-result"))).contains("第 1 个事件");
        scrollTo(By.id("as-of"));
        screenshot("09-timeline-as-of");
        open("/console/analytics");
        awaitText(By.id("reason-DISSATISFIED"), "¥398.00");
        assertThat(texts(By.cssSelector("#reason-DISSATISFIED td")).subList(0, 3))
                .containsExactly("不满意／与描述不符", "1", "2");
        screenshot("10-analytics");
        open("/console/policy");
        assertThat(text(By.id("current-policy"))).contains("现行版本：第 1 版");
        screenshot("11-policy");

        // auditor: the same return under a draft policy (backtest), form filled and sent from the keyboard:
        // 4-day window (the order shipped 5 days ago), 10 % fee, dissatisfied customers auto-approved anywhere
        assertThat(browser.findElement(By.id("bt-window-days")).getAttribute("value")).isEqualTo("30");
        set(By.id("bt-window-days"), "4");
        set(By.id("bt-fee"), "10");
        browser.findElement(By.id("bt-auto-reason-DISSATISFIED")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("bt-auto-within-window")).sendKeys(Keys.SPACE);
        assertThat(browser.findElement(By.id("bt-auto-reason-DISSATISFIED")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("bt-auto-within-window")).isSelected()).isFalse();
        String weekAgo = LocalDate.now(ConsoleFormat.ZONE).minusDays(7).toString();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
                browser.findElement(By.id("bt-from")), weekAgo);
        scrollTo(By.id("backtest-title"));
        screenshot("11b-policy-backtest-form");
        browser.findElement(By.id("bt-fee")).sendKeys(Keys.ENTER);
        awaitShown(By.id("bt-summary"), "1 笔退货中有 1 笔判定会不同");
        assertThat(text(By.id("bt-summary"))).isEqualTo("自 " + fmtDate(weekAgo) + " 起至今提交的退货： 1 笔退货中有 1 笔判定会不同");
        assertThat(text(By.cssSelector("#bt-count-CNY-returns td"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#bt-count-CNY-settled td"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#bt-count-CNY-reviewToAutoApproval td"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#bt-count-CNY-autoApprovalToReview td"))).isEqualTo("0");
        assertThat(text(By.cssSelector("#bt-count-CNY-windowInToOut td"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#bt-count-CNY-keepItemChanged td"))).isEqualTo("0");
        assertThat(texts(By.cssSelector("#bt-money-CNY-restockingFees td")))
                .containsExactly("¥59.70", "¥39.80", "-¥19.90");
        assertThat(texts(By.cssSelector("#bt-money-CNY-refunded td")))
                .containsExactly("¥338.30", "¥358.20", "+¥19.90");
        String changedRow = "#bt-changes tr[data-return-id='" + returnId + "'] ";
        assertThat(text(By.cssSelector(changedRow + "td.bt-differs"))).isEqualTo("退货期限；自动审核；退货手续费；退款");
        assertThat(text(By.cssSelector(changedRow + "td.bt-actual"))).contains("在退货期限内").contains("该原因需人工审核")
                .contains("退货手续费 ¥59.70；退款 ¥338.30");
        assertThat(text(By.cssSelector(changedRow + "td.bt-draft"))).contains("超出退货期限").contains("自动审核通过")
                .contains("退货手续费 ¥39.80；退款 ¥358.20");
        assertThat(browser.findElement(By.id("bt-window-days")).getAttribute("value")).isEqualTo("4");
        scrollTo(By.id("backtest-result"));
        screenshot("11c-policy-backtest-result");

        // the same return in English, remembered for the next page
        open("/console/returns/" + returnId);
        browser.findElement(By.id("lang-switch")).click();
        awaitText(By.id("state"), "Settled");
        assertThat(text(By.id("credit"))).isEqualTo("CN¥338.30");
        assertThat(text(By.id("reason"))).isEqualTo("Dissatisfied / not as described");
        assertThat(text(By.id("timeline"))).contains("1. Return requested").contains("(Customer service)");
        screenshot("12-return-in-english");
        open("/console/work");
        assertThat(text(By.tagName("h1"))).isEqualTo("My work");
        browser.findElement(By.id("lang-switch")).click();
        awaitShown(By.tagName("h1"), "我的工作");
        signOut();

        // admin: read models with their position, rebuild one
        signIn("admin");
        open("/console/admin");
        awaitText(By.id("read-model-returns"), "returns");
        browser.findElement(By.id("rebuild-policy-versions")).click();
        awaitShown(By.id("notice"), "已开始重建。");
        screenshot("13-admin");
        signOut();
    }

    @Test
    @Order(2)
    void aSecondFinanceUserDeclinesThenConfirmsASettlementAboveTheThresholdInTheConsole() throws IOException {
        var api = ServiceHttp.onPort(port);
        String order = "SO-WEB-4EYES";
        recordStockAndOrder(api, order, "PO-WEB-4EYES");
        // three kettles at ¥2,000.00, 15 % fee: ¥5,100.00 paid out, above the default threshold of ¥5,000.00
        String returnId = inspectedReturn(api, order, 1, 3);

        signIn("finance");
        open("/console/returns/" + returnId);
        awaitText(By.id("state"), "已质检");
        browser.findElement(By.id("settle")).click();
        awaitShown(By.id("notice"), "结算已提交，需另一位财务人员确认。");
        assertThat(text(By.id("state"))).isEqualTo("结算待复核");
        assertThat(text(By.id("proposal-payout"))).isEqualTo("¥5,100.00");
        assertThat(text(By.id("proposed-by"))).startsWith("finance ·");
        assertThat(text(By.id("own-proposal"))).isEqualTo("此结算由您提议，须由另一位财务人员确认或驳回。");
        assertThat(browser.findElements(By.id("confirm-settlement-form"))).isEmpty();
        assertThat(browser.findElements(By.id("decline-settlement-form"))).isEmpty();
        assertThat(browser.findElements(By.id("settle-form"))).isEmpty();
        signOut();

        signIn("finance2");
        open("/console/work");
        awaitText(By.cssSelector("tr[data-return-id='" + returnId + "']"), "结算待复核");
        browser.findElement(By.cssSelector("tr[data-return-id='" + returnId + "'] a")).click();
        assertThat(text(By.id("confirm-settlement-form"))).contains("¥5,100.00");
        scrollTo(By.id("settlement-proposal"));
        screenshot("14-settlement-awaiting-second-finance-user");
        browser.findElement(By.id("decline-settlement-reason")).sendKeys("原支付账户已注销，请改为储值");
        browser.findElement(By.id("decline-settlement")).click();
        awaitShown(By.id("notice"), "结算已驳回，退货已退回财务重新结算。");
        assertThat(text(By.id("state"))).isEqualTo("已质检");
        assertThat(text(By.id("decline-reason"))).isEqualTo("原支付账户已注销，请改为储值");
        assertThat(text(By.id("waiting-for"))).isEqualTo("财务");
        assertThat(text(By.id("timeline"))).contains("结算被驳回").contains("原支付账户已注销");
        new Select(browser.findElement(By.id("settle-method"))).selectByValue("STORE_CREDIT");
        browser.findElement(By.id("settle")).click();
        awaitShown(By.id("notice"), "结算已提交");
        assertThat(text(By.id("proposed-by"))).startsWith("finance2 ·");
        signOut();

        signIn("finance");
        open("/console/returns/" + returnId);
        browser.findElement(By.id("confirm-settlement")).click();
        awaitShown(By.id("notice"), "结算已确认，退货已结算。");
        assertThat(text(By.id("state"))).isEqualTo("已结算");
        assertThat(text(By.id("settled-by"))).startsWith("finance ·");
        signOut();
    }

    @Test
    @Order(3)
    void everyPageOfTheConsoleIsCompleteForEveryRoleInBothLanguages() throws IOException {
        var api = ServiceHttp.onPort(port);
        String order = "SO-WEB-PAGES";
        recordStockAndOrder(api, order, "PO-WEB-PAGES");
        var returns = new LinkedHashMap<String, String>();
        returns.put("requested", submitted(api, order, 2, 1));
        String approved = submitted(api, order, 2, 1);
        ok(api.post("/api/returns/" + approved + "/approve", "reviewer", "{}"));
        returns.put("approved", approved);
        // a mug with a quality defect: approved automatically by the policy (the system is the actor)
        ServiceHttp.Response automatic = ok(api.post("/api/returns", "cs", """
                {"orderId":"%s","lines":[{"lineNo":2,"quantity":1,"condition":"DEFECTIVE"}],
                 "reason":"QUALITY_DEFECT","reasonText":"杯口有裂纹","channel":"HOTLINE","wantedResolution":"REFUND"}"""
                .formatted(order)));
        returns.put("autoApproved", automatic.createdId());
        String received = submitted(api, order, 1, 2);
        ok(api.post("/api/returns/" + received + "/approve", "reviewer", "{}"));
        ok(api.post("/api/returns/" + received + "/receive", "warehouse", "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}"));
        returns.put("received", received);
        String rejected = submitted(api, order, 2, 1);
        ok(api.post("/api/returns/" + rejected + "/reject", "reviewer", "{\"reason\":\"用过了\"}"));
        returns.put("rejected", rejected);
        String cancelled = submitted(api, order, 2, 1);
        ok(api.post("/api/returns/" + cancelled + "/cancel", "cs", "{\"reason\":\"客户改变主意\"}"));
        returns.put("cancelled", cancelled);
        String pending = inspectedReturn(api, order, 1, 3);
        assertThat(api.post("/api/returns/" + pending + "/settle", "finance", "{\"method\":\"REFUND\"}").status())
                .isEqualTo(202);
        returns.put("pending", pending);
        String declined = inspectedReturn(api, order, 1, 3);
        assertThat(api.post("/api/returns/" + declined + "/settle", "finance", "{\"method\":\"REFUND\"}").status())
                .isEqualTo(202);
        ok(api.post("/api/returns/" + declined + "/settle/decline", "finance2", "{\"reason\":\"金额待核实\"}"));
        returns.put("declined", declined);
        String exchanged = inspectedReturn(api, order, 2, 2);
        ok(api.post("/api/returns/" + exchanged + "/settle", "finance", "{\"method\":\"EXCHANGE\"}"));
        returns.put("exchanged", exchanged);
        ok(api.post("/api/returns/" + exchanged + "/feedback", "cs", "{\"rating\":4,\"comment\":\"replacement arrived quickly, thanks\"}"));
        String credited = inspectedReturn(api, order, 2, 1);
        ok(api.post("/api/returns/" + credited + "/settle", "finance", "{\"method\":\"STORE_CREDIT\"}"));
        returns.put("storeCredit", credited);

        // every page shows what it will ever show of these returns before it is looked at
        await().atMost(PATIENCE).until(() -> api.get("/api/notifications?returnId=" + exchanged, "cs").json()
                .path("total").asInt() == 4);
        await().atMost(PATIENCE).until(() -> api.get("/api/ledger/entries?returnId=" + exchanged, "finance").json()
                .path("total").asInt() > 0);
        await().atMost(PATIENCE).until(() -> returns.values().stream().allMatch(id -> api.get("/api/returns/" + id,
                "cs").json().path("version").asLong() >= lastSequence(api, id)));
        var pages = new ArrayList<String>(List.of("/console", "/", "/console/work", "/console/work?stage=mine",
                "/console/work?stage=review", "/console/work?stage=receive", "/console/work?stage=inspect",
                "/console/work?stage=settle", "/console/work?stage=all&state=SETTLEMENT_PENDING",
                "/console/work?dueSoon=true", "/console/returns/new", "/console/returns/new?orderId=" + order,
                "/console/stock", "/console/ledger", "/console/store-credit", "/console/store-credit?customer=C-88",
                "/console/analytics", "/console/policy", "/console/notifications", "/console/admin",
                "/console/forbidden", "/console/returns/" + pending + "?upTo=4"));
        returns.values().forEach(id -> pages.add("/console/returns/" + id));
        var errors = ServerErrors.capture();
        var problems = new ArrayList<String>();
        try {
            for (String lang : List.of("zh-CN", "en")) {
                for (String page : List.of("/", "/login")) {
                    problems.addAll(visit(errors, null, lang, page));
                    if (!browser.getCurrentUrl().contains("/login")) {
                        problems.add("anonymous " + lang + " " + page + ": not led to the sign-in but to "
                                + browser.getCurrentUrl());
                    }
                }
                for (String user : List.of("cs", "reviewer", "warehouse", "finance", "auditor", "admin")) {
                    signIn(user);
                    for (String page : pages) {
                        problems.addAll(visit(errors, user, lang, page));
                        if (page.equals("/") && !browser.getCurrentUrl().contains("/console/work")) {
                            problems.add(user + " " + lang + " /: not led to the console but to "
                                    + browser.getCurrentUrl());
                        }
                    }
                    if (user.equals("finance")) {
                        open("/console/returns/" + exchanged + "?lang=" + lang);
                        screenshot("15-return-exchanged-" + lang);
                    }
                    if (user.equals("warehouse")) {
                        open("/console/returns/" + received + "?lang=" + lang);
                        scrollTo(By.id("actions"));
                        screenshot("16-inspection-form-" + lang);
                    }
                    signOut();
                }
            }
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            problems.addAll(errors.drain("after the last page"));
        } finally {
            errors.stop();
        }
        assertThat(problems).as("pages with problems").isEmpty();

        // the service's texts for customers and the books, in Chinese in the Chinese console
        signIn("cs");
        open("/console/returns/" + approved + "?lang=zh-CN");
        awaitText(By.id("instructions"), "退货单 RT-");
        assertThat(text(By.id("instructions"))).contains("请将商品打包");
        open("/console/notifications?returnId=" + exchanged);
        awaitText(By.cssSelector("table.notifications tbody"), "您的换货商品正在发出。");
        assertThat(text(By.cssSelector("table.notifications tbody"))).contains("需补付 ¥7.50。")
                .contains("您的退货申请已获批准。").contains("退货单 RT-");
        open("/console/returns/new?orderId=" + order);
        assertThat(text(By.id("main"))).contains("发货日期");
        signOut();
        signIn("finance");
        open("/console/ledger?returnId=" + exchanged);
        awaitText(By.id("entries"), "换货：");
        assertThat(text(By.id("entries"))).contains("销售退回：商品金额计入客户 C-88 的退货结算")
                .contains("换货差额，应由客户 C-88 补付").contains("换货成本");
        signOut();
    }

    /** Opens {@code page} as {@code user} in {@code lang} and lists what is wrong with it. */
    private List<String> visit(ServerErrors errors, String user, String lang, String page) {
        String where = (user == null ? "anonymous" : user) + " " + lang + " " + page;
        // anything logged since the last page was checked was logged late, while that page was served
        var problems = new ArrayList<String>(errors.drain("just before " + where));
        open(page + (page.contains("?") ? "&" : "?") + "lang=" + lang);
        Object status = ((JavascriptExecutor) browser).executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : 0;");
        if (status instanceof Number code && code.intValue() >= 500) {
            problems.add(where + ": HTTP " + code);
        }
        // the page as the server sent it (the browser's DOM closes what a broken response left open)
        @SuppressWarnings("unchecked")
        List<Object> sent = (List<Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(location.href, {credentials: 'same-origin'})
                    .then(r => r.text().then(t => done([r.status, t])))
                    .catch(e => done([0, String(e)]));""");
        int sentStatus = ((Number) sent.get(0)).intValue();
        String html = (String) sent.get(1);
        if (sentStatus == 0 || sentStatus >= 500) {
            problems.add(where + ": HTTP " + sentStatus + " when fetched again");
        }
        if (!html.strip().endsWith("</html>")) {
            problems.add(where + ": the page is cut off: …" + html.substring(Math.max(0, html.length() - 120)));
        }
        Matcher missing = MISSING_TEXT.matcher(html);
        while (missing.find()) {
            problems.add(where + ": missing text " + missing.group());
        }
        if (lang.equals("zh-CN")) {
            String body = String.valueOf(((JavascriptExecutor) browser).executeScript(
                    "return document.body ? document.body.innerText : '';"));
            for (String english : SERVICE_ENGLISH) {
                if (body.contains(english)) {
                    problems.add(where + ": English service text in the Chinese console: " + english);
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<String> layout = (List<String>) ((JavascriptExecutor) browser).executeScript(LAYOUT_CHECK);
        layout.forEach(problem -> problems.add(where + ": " + problem));
        problems.addAll(errors.drain(where));
        return problems;
    }

    /** Cards and action forms side by side (at the browser's 1280 px): none wider than its box, none overlapping. */
    private static final String LAYOUT_CHECK = """
            const boxes = [...document.querySelectorAll('.grid > *, .actions > *, .charts > *')];
            const name = b => b.tagName.toLowerCase() + (b.id ? '#' + b.id : '');
            const problems = [];
            for (const b of boxes) {
                if (b.scrollWidth > b.clientWidth + 1) {
                    problems.push(name(b) + ' is ' + (b.scrollWidth - b.clientWidth) + ' px too narrow for its content');
                }
            }
            for (let i = 0; i < boxes.length; i++) {
                for (let j = i + 1; j < boxes.length; j++) {
                    const a = boxes[i].getBoundingClientRect(), b = boxes[j].getBoundingClientRect();
                    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
                        problems.push(name(boxes[i]) + ' overlaps ' + name(boxes[j]));
                    }
                }
            }
            return problems;""";

    /** A text the message source did not have, as Thymeleaf shows it: {@code ??key_locale??}. */
    private static final Pattern MISSING_TEXT = Pattern.compile("\\?\\?[^?\\s<>\"]+\\?\\?");
    /** How the service's English texts (instructions, notifications, ledger) begin. */
    private static final List<String> SERVICE_ENGLISH = List.of("Return order RT-", "Your return", "Your refund",
            "Your replacement", "Store credit of", "We received", "Sales return:", "Refund paid", "Store credit issued",
            "Restocking fee kept", "Exchange:", "Exchange difference", "Returned goods back", "Scrapped on inspection",
            "approved automatically", "approves automatically");

    private static void recordStockAndOrder(ServiceHttp api, String order, String receipt) {
        String shippedAt = TestClock.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        ok(api.post("/api/purchase-receipts", "integration", """
                {"receiptId":"%s","supplier":"深圳电子","warehouse":"WH-SH","receivedAt":"%s",
                 "lines":[{"sku":"KETTLE-9","quantity":100,"unitCost":1200.00},
                          {"sku":"MUG-9","quantity":100,"unitCost":10.00}]}""".formatted(receipt, shippedAt)));
        ok(api.post("/api/sales-orders", "integration", """
                {"orderId":"%s","customer":{"id":"C-88","name":"李雷","contact":"lilei.returns-desk@example-electronics.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"KETTLE-9","category":"appliances","quantity":20,"unitPrice":2000.00,"unitCost":1200.00},
                          {"lineNo":2,"sku":"MUG-9","category":"kitchen","quantity":20,"unitPrice":25.00,"unitCost":10.00}]}"""
                .formatted(order, shippedAt)));
    }

    /** A return of {@code quantity} units of one line, submitted by customer service (dissatisfied: 15 % fee). */
    private static String submitted(ServiceHttp api, String order, int lineNo, int quantity) {
        ServiceHttp.Response created = ok(api.post("/api/returns", "cs", """
                {"orderId":"%s","lines":[{"lineNo":%d,"quantity":%d,"condition":"UNOPENED"}],
                 "reason":"DISSATISFIED","reasonText":"不喜欢","channel":"HOTLINE","wantedResolution":"REFUND"}"""
                .formatted(order, lineNo, quantity)));
        return created.createdId();
    }

    /** Approved, received and inspected: all but one unit restocked, one scrapped (all credited). */
    private static String inspectedReturn(ServiceHttp api, String order, int lineNo, int quantity) {
        String id = submitted(api, order, lineNo, quantity);
        ok(api.post("/api/returns/" + id + "/approve", "reviewer", "{}"));
        ok(api.post("/api/returns/" + id + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":%d,\"quantity\":%d}]}".formatted(lineNo, quantity)));
        ok(api.post("/api/returns/" + id + "/inspect", "warehouse", """
                {"lines":[{"lineNo":%d,"restocked":%d,"scrapped":1,"repair":0,"returnedToVendor":0,"refused":0}]}"""
                .formatted(lineNo, quantity - 1)));
        return id;
    }

    private static long lastSequence(ServiceHttp api, String returnId) {
        long last = -1;
        for (var event : api.get("/api/returns/" + returnId + "/history", "auditor").json().path("events")) {
            if (returnId.equals(event.path("aggregateId").asText())) {
                last = Math.max(last, event.path("sequenceNumber").asLong());
            }
        }
        return last;
    }

    private static ServiceHttp.Response ok(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }

    /**
     * What the server logs at ERROR, or with an exception at WARN, while the browser test runs: attached to the root
     * logger once the application has configured logging.
     */
    static final class ServerErrors extends AppenderBase<ILoggingEvent> {

        private final List<String> events = Collections.synchronizedList(new ArrayList<>());

        static ServerErrors capture() {
            var appender = new ServerErrors();
            Logger root = (Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            appender.setContext(root.getLoggerContext());
            appender.start();
            root.addAppender(appender);
            return appender;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)
                    || event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null) {
                String trace = event.getThrowableProxy() == null ? ""
                        : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()).lines().limit(8)
                        .reduce("", (a, b) -> a + b + "\n");
                events.add(event.getLevel() + " " + event.getLoggerName() + " [" + event.getThreadName() + "]: "
                        + event.getFormattedMessage() + trace);
            }
        }

        /** What was logged since the last call, attributed to {@code where}. */
        List<String> drain(String where) {
            synchronized (events) {
                List<String> logged = events.stream().map(event -> where + ": server logged " + event).toList();
                events.clear();
                return logged;
            }
        }

        @Override
        public void stop() {
            ((Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
            super.stop();
        }
    }

    // ------------------------------------------------------------------ browser helpers

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void signIn(String user) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("sign-in")).click();
        awaitShown(By.id("signed-in"), user);
    }

    private void signOut() {
        browser.findElement(By.id("logout")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().contains("/login"));
    }

    private static void set(By field, String value) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(value);
    }

    private static String text(By element) {
        return browser.findElement(element).getText().strip();
    }

    private static List<String> texts(By elements) {
        return browser.findElements(elements).stream().map(e -> e.getText().strip()).toList();
    }

    /** Read models follow the events within a moment: reload until the element shows the text. */
    private static void awaitText(By element, String expected) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            List<WebElement> found = browser.findElements(element);
            if (found.isEmpty() || !found.get(0).getText().contains(expected)) {
                if (!browser.getCurrentUrl().contains("/login")) {
                    browser.navigate().refresh();
                }
            }
            assertThat(browser.findElement(element).getText()).contains(expected);
        });
    }

    /** The page just loaded shows the text (no reload: a flash message is shown once). */
    private static void awaitShown(By element, String expected) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElement(element).getText()).contains(expected));
    }

    /** A day as the Chinese console writes it (2026年11月21日). */
    private static String fmtDate(String isoDay) {
        LocalDate day = LocalDate.parse(isoDay);
        return day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    }

    private static void scrollTo(By element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});",
                browser.findElement(element));
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
