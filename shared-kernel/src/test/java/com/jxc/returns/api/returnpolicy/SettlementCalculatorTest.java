package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import org.junit.jupiter.api.Test;

import java.util.Currency;
import java.util.List;

import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.cny;
import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.standard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettlementCalculatorTest {

    private static final Sku KETTLE = new Sku("SKU-KETTLE");
    private static final Sku KETTLE_PRO = new Sku("SKU-KETTLE-PRO");
    /** Two kettles at 199.00 and one mug at 9.90: 407.90 of goods, 15 % fee = 61.185 -> 61.18. */
    private static final List<CreditedLine> CREDITED = List.of(
            new CreditedLine(1, KETTLE, "appliances", Quantity.of(2), cny("199.00"), cny("120.00")),
            new CreditedLine(2, new Sku("SKU-MUG"), "kitchen", Quantity.of(1), cny("9.90"), null));

    private static SettlementCalculator.Amounts settle(ReturnReason reason, SettlementMethod method,
                                                       ExchangeShipment exchange) {
        return SettlementCalculator.compute(standard(), reason, Money.CNY, CREDITED, method, exchange);
    }

    @Test
    void refundPaysGoodsLessRestockingFee() {
        var amounts = settle(ReturnReason.DISSATISFIED, SettlementMethod.REFUND, null);

        assertThat(amounts.goodsValue()).isEqualTo(cny("407.90"));
        assertThat(amounts.restockingFee()).isEqualTo(cny("61.18"));
        assertThat(amounts.feeWaived()).isFalse();
        assertThat(amounts.credit()).isEqualTo(cny("346.72"));
        assertThat(amounts.refunded()).isEqualTo(cny("346.72"));
        assertThat(amounts.storeCredit()).isEqualTo(cny("0.00"));
        assertThat(amounts.dueFromCustomer()).isEqualTo(cny("0.00"));
    }

    @Test
    void refundForASellerFaultPaysEverything() {
        var amounts = settle(ReturnReason.QUALITY_DEFECT, SettlementMethod.REFUND, null);

        assertThat(amounts.restockingFee()).isEqualTo(cny("0.00"));
        assertThat(amounts.feeWaived()).isTrue();
        assertThat(amounts.credit()).isEqualTo(cny("407.90"));
        assertThat(amounts.refunded()).isEqualTo(cny("407.90"));
    }

    @Test
    void storeCreditKeepsTheCreditForTheCustomer() {
        var amounts = settle(ReturnReason.DISSATISFIED, SettlementMethod.STORE_CREDIT, null);

        assertThat(amounts.credit()).isEqualTo(cny("346.72"));
        assertThat(amounts.storeCredit()).isEqualTo(cny("346.72"));
        assertThat(amounts.refunded()).isEqualTo(cny("0.00"));
        assertThat(amounts.dueFromCustomer()).isEqualTo(cny("0.00"));
    }

    @Test
    void exchangeToACheaperItemRefundsTheDifference() {
        var amounts = settle(ReturnReason.DISSATISFIED, SettlementMethod.EXCHANGE,
                new ExchangeShipment(KETTLE, Quantity.of(1), cny("199.00")));

        assertThat(amounts.credit()).isEqualTo(cny("346.72"));
        assertThat(amounts.refunded()).isEqualTo(cny("147.72"));
        assertThat(amounts.dueFromCustomer()).isEqualTo(cny("0.00"));
        assertThat(amounts.storeCredit()).isEqualTo(cny("0.00"));
    }

    @Test
    void exchangeToADearerItemLeavesAnAmountDue() {
        var amounts = settle(ReturnReason.DISSATISFIED, SettlementMethod.EXCHANGE,
                new ExchangeShipment(KETTLE_PRO, Quantity.of(1), cny("499.00")));

        assertThat(amounts.refunded()).isEqualTo(cny("0.00"));
        assertThat(amounts.dueFromCustomer()).isEqualTo(cny("152.28"));
        assertThat(amounts.storeCredit()).isEqualTo(cny("0.00"));
    }

    @Test
    void exchangeOfEqualValueSettlesEven() {
        var amounts = SettlementCalculator.compute(standard(), ReturnReason.WRONG_ITEM, Money.CNY,
                CREDITED.subList(0, 1), SettlementMethod.EXCHANGE,
                new ExchangeShipment(KETTLE, Quantity.of(2), cny("199.00")));

        assertThat(amounts.feeWaived()).isTrue();
        assertThat(amounts.refunded()).isEqualTo(cny("0.00"));
        assertThat(amounts.dueFromCustomer()).isEqualTo(cny("0.00"));
    }

    @Test
    void exchangeNeedsAShipment() {
        assertThatThrownBy(() -> settle(ReturnReason.DISSATISFIED, SettlementMethod.EXCHANGE, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void nothingCreditedSettlesToZero() {
        var amounts = SettlementCalculator.compute(standard(), ReturnReason.DISSATISFIED, Money.CNY, List.of(),
                SettlementMethod.REFUND, null);

        assertThat(amounts.goodsValue()).isEqualTo(cny("0.00"));
        assertThat(amounts.restockingFee()).isEqualTo(cny("0.00"));
        assertThat(amounts.refunded()).isEqualTo(cny("0.00"));
    }

    @Test
    void yenSettlesInWholeYen() {
        var yen = Currency.getInstance("JPY");
        var credited = List.of(new CreditedLine(1, KETTLE, "appliances", Quantity.of(3), Money.of("1001", yen), null));

        var amounts = SettlementCalculator.compute(standard(), ReturnReason.OTHER, yen, credited,
                SettlementMethod.REFUND, null);

        // 3003 * 15 % = 450.45 -> 450
        assertThat(amounts.restockingFee()).isEqualTo(Money.of("450", yen));
        assertThat(amounts.refunded()).isEqualTo(Money.of("2553", yen));
    }
}
