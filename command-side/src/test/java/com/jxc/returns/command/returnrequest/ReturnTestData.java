package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.returnpolicy.AutoApprovalPolicy;
import com.jxc.returns.api.returnpolicy.AutoApprovalRules;
import com.jxc.returns.api.returnpolicy.PolicyVersion;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnpolicy.ReturnWindowPolicy;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.Discrepancy;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReviewAssessment;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.command.returnpolicy.ReturnPolicies;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** One shipped order, one policy and the events of a return against them, spelled out once for every test. */
final class ReturnTestData {

    private ReturnTestData() {
    }

    static final ReturnRequestId RETURN = new ReturnRequestId("RET-1");
    static final SalesOrderId ORDER = new SalesOrderId("SO-1");
    static final Customer CUSTOMER = new Customer(new CustomerId("C-1"), "Li Lei", "13800000000");
    static final WarehouseId WAREHOUSE = new WarehouseId("WH-SH");
    static final UserId CLERK = new UserId("clerk-1");
    static final UserId REVIEWER = new UserId("reviewer-1");
    static final UserId STOREMAN = new UserId("storeman-1");
    static final UserId CASHIER = new UserId("finance-1");
    static final String NUMBER = "RT-2026-000001";

    /** 2026-01-31 20:00 UTC is 2026-02-01 in Shanghai, so the 30-day window ends on 2026-03-03. */
    static final Instant SHIPPED_AT = Instant.parse("2026-01-31T20:00:00Z");
    static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 3);
    static final Instant REQUESTED_AT = Instant.parse("2026-02-05T02:00:00Z");
    /** 2026-03-04 in Shanghai: one day too late for a dissatisfied customer. */
    static final Instant LATE_REQUESTED_AT = Instant.parse("2026-03-03T16:00:00Z");
    static final Instant APPROVED_AT = Instant.parse("2026-02-06T02:00:00Z");
    static final Instant DEADLINE = APPROVED_AT.plus(Duration.ofDays(14));
    static final Instant RECEIVED_AT = Instant.parse("2026-02-12T02:00:00Z");
    static final Instant INSPECTED_AT = Instant.parse("2026-02-13T02:00:00Z");
    static final Instant SETTLED_AT = Instant.parse("2026-02-14T02:00:00Z");

    static final Sku KETTLE_SKU = new Sku("SKU-KETTLE");
    static final Sku MUG_SKU = new Sku("SKU-MUG");
    static final Sku TEAPOT_SKU = new Sku("SKU-TEAPOT");
    static final Sku VASE_SKU = new Sku("SKU-VASE");

    static final SalesOrderLine KETTLE = new SalesOrderLine(1, KETTLE_SKU, "appliances", Quantity.of(3),
            cny("199.00"), cny("120.00"), List.of());
    static final SalesOrderLine MUG = new SalesOrderLine(2, MUG_SKU, "kitchen", Quantity.of(4), cny("9.90"), null,
            List.of());
    static final SalesOrderLine TEAPOT = new SalesOrderLine(3, TEAPOT_SKU, "kitchen", Quantity.of(2), cny("59.00"),
            cny("30.00"), List.of());
    static final SalesOrderRecorded ORDER_RECORDED = new SalesOrderRecorded(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT,
            Money.CNY, List.of(KETTLE, MUG, TEAPOT));

    static final EnumSet<ReturnReason> SELLER_AT_FAULT =
            EnumSet.of(ReturnReason.QUALITY_DEFECT, ReturnReason.WRONG_ITEM, ReturnReason.TRANSIT_DAMAGE);

    static ReturnPolicyTerms terms(AutoApprovalRules autoApproval) {
        return new ReturnPolicyTerms(30, Map.of(ReturnReason.QUALITY_DEFECT, 90), Map.of(), new BigDecimal("15"),
                SELLER_AT_FAULT, autoApproval, 14, new BigDecimal("20.00"), "Asia/Shanghai");
    }

    static final ReturnPolicyTerms TERMS = terms(
            new AutoApprovalRules(true, true, new BigDecimal("500.00"), SELLER_AT_FAULT));
    static final PolicyVersion POLICY = new PolicyVersion(3, TERMS);
    static final ReturnPolicies POLICIES = () -> POLICY;
    static final ReturnOrderNumbers NUMBERS = issuedAt -> NUMBER;

    static Money cny(String amount) {
        return Money.of(amount, Money.CNY);
    }

    static LineQuantity line(int lineNo, int quantity) {
        return new LineQuantity(lineNo, Quantity.of(quantity));
    }

    static ReturnLine kettles(int quantity) {
        return returnLine(KETTLE, quantity);
    }

    static ReturnLine mugs(int quantity) {
        return returnLine(MUG, quantity);
    }

    static ReturnLine teapots(int quantity) {
        return returnLine(TEAPOT, quantity);
    }

    static ReturnLine returnLine(SalesOrderLine orderLine, int quantity) {
        return new ReturnLine(orderLine.lineNo(), orderLine.sku(), orderLine.category(), Quantity.of(quantity),
                ReportedCondition.OPENED, orderLine.unitPrice(), orderLine.unitCost());
    }

    static Money valueOf(ReturnLine... lines) {
        return Arrays.stream(lines).map(l -> l.unitPrice().times(l.quantity().value()))
                .reduce(cny("0"), Money::plus);
    }

    /** A dissatisfied customer asks in time: the reason alone sends the request to a reviewer. */
    static ReturnRequested requested(ReturnLine... lines) {
        return requested(ReturnReason.DISSATISFIED, REQUESTED_AT, true,
                List.of(AutoApprovalPolicy.REASON_NEEDS_REVIEW), lines);
    }

    static ReturnRequested requested(ReturnReason reason, Instant at, boolean within, List<String> reviewReasons,
                                     ReturnLine... lines) {
        return new ReturnRequested(RETURN, ORDER, CUSTOMER, WAREHOUSE, Money.CNY, SHIPPED_AT, List.of(lines), reason,
                "not as described", Channel.ONLINE_FORM, Resolution.REFUND, CLERK, at,
                new ReviewAssessment(POLICY.version(), within, lastDay(reason, lines), valueOf(lines),
                        reviewReasons.isEmpty(), reviewReasons));
    }

    static LocalDate lastDay(ReturnReason reason, ReturnLine... lines) {
        return ReturnWindowPolicy.check(TERMS, SHIPPED_AT, SHIPPED_AT, reason,
                Arrays.stream(lines).map(ReturnLine::category).distinct().toList()).lastDay();
    }

    static ReturnApproved approved(LineQuantity... lines) {
        return new ReturnApproved(RETURN, ORDER, List.of(lines), false, REVIEWER, APPROVED_AT, POLICY.version(), null,
                "looks fine");
    }

    static String shipBackInstructions(Instant deadline) {
        return "Return order " + NUMBER + ": pack the goods with this number on the parcel and send them to us by "
                + deadline + ".";
    }

    static final String KEEP_INSTRUCTIONS = "Return order " + NUMBER
            + ": please keep the goods; you will be credited without sending them back.";

    static ReturnOrderIssued issued(ReturnLine... lines) {
        return new ReturnOrderIssued(RETURN, NUMBER, List.of(lines), shipBackInstructions(DEADLINE), DEADLINE, false,
                APPROVED_AT, POLICY.version());
    }

    static ReturnOrderIssued issuedToKeep(ReturnLine... lines) {
        return new ReturnOrderIssued(RETURN, NUMBER, List.of(lines), KEEP_INSTRUCTIONS, null, true, APPROVED_AT,
                POLICY.version());
    }

    static CustomerNotificationRequested notice(NotificationTopic topic, String number, String message, Instant at) {
        return new CustomerNotificationRequested(RETURN, RETURN.value() + ":" + topic.name().toLowerCase(), topic,
                CUSTOMER.name(), CUSTOMER.contact(), number, message, at);
    }

    static ReceivedLine receivedAsAuthorised(ReturnLine line) {
        return new ReceivedLine(line.lineNo(), line.sku(), line.sku(), line.quantity(), line.quantity(),
                Discrepancy.NONE, null);
    }

    static ReceivedLine receivedLine(ReturnLine line, Sku arrivedSku, int arrived) {
        return new ReceivedLine(line.lineNo(), line.sku(), arrivedSku, line.quantity(), Quantity.of(arrived),
                ReceivedLine.discrepancyOf(line.sku(), arrivedSku, line.quantity(), Quantity.of(arrived)), null);
    }

    static ReturnReceived received(ReceivedLine... lines) {
        return new ReturnReceived(RETURN, WAREHOUSE, List.of(lines), STOREMAN, RECEIVED_AT);
    }

    static InspectedLine inspectedLine(int lineNo, Sku sku, int restocked, int scrapped, int repair, int toVendor,
                                       int refused) {
        return new InspectedLine(lineNo, sku, Quantity.of(restocked), Quantity.of(scrapped), Quantity.of(repair),
                Quantity.of(toVendor), Quantity.of(refused));
    }

    static ReturnInspected inspected(InspectedLine... lines) {
        return new ReturnInspected(RETURN, ORDER, WAREHOUSE, List.of(lines), STOREMAN, INSPECTED_AT);
    }
}
