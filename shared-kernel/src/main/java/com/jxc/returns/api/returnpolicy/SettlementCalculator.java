package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.SettlementMethod;

import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * What a settlement pays: credited units at the order's unit prices, less the restocking fee unless the reason waives
 * it. Everything exact, half-even at the currency's minor unit.
 */
public final class SettlementCalculator {

    private SettlementCalculator() {
    }

    public record Amounts(Money goodsValue, Money restockingFee, boolean feeWaived, Money credit, Money refunded,
                          Money storeCredit, Money dueFromCustomer) {
    }

    public static Amounts compute(ReturnPolicyTerms terms, ReturnReason reason, Currency currency,
                                  List<CreditedLine> credited, SettlementMethod method, ExchangeShipment exchange) {
        Money zero = Money.zero(currency);
        Money goods = credited.stream().map(CreditedLine::value).reduce(zero, Money::plus);
        Money fee = RestockingFeePolicy.fee(terms, reason, goods);
        Money credit = goods.minus(fee);
        return switch (method) {
            case REFUND -> new Amounts(goods, fee, RestockingFeePolicy.isWaived(terms, reason), credit, credit, zero,
                    zero);
            case STORE_CREDIT -> new Amounts(goods, fee, RestockingFeePolicy.isWaived(terms, reason), credit, zero,
                    credit, zero);
            case EXCHANGE -> {
                Objects.requireNonNull(exchange, "an exchange needs a shipment");
                Money difference = credit.minus(exchange.value());
                yield new Amounts(goods, fee, RestockingFeePolicy.isWaived(terms, reason), credit,
                        difference.isNegative() ? zero : difference, zero,
                        difference.isNegative() ? zero.minus(difference) : zero);
            }
        };
    }
}
