package com.jxc.returns.projection.ledger;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The chart of accounts the returns ledger posts to. Codes follow the PRC enterprise chart (企业会计准则); sales
 * revenue is split into leaf sub-accounts because postings go to leaf accounts only and a sales return reduces
 * revenue (冲减主营业务收入) rather than being an expense.
 */
public enum Account {
    BANK("1002", "Bank"),
    ACCOUNTS_RECEIVABLE("1122", "Accounts receivable"),
    INVENTORY("1405", "Inventory"),
    CUSTOMER_STORE_CREDIT("2203", "Customer store credit"),
    RETURN_SETTLEMENT_CLEARING("2241", "Return settlement clearing"),
    SALES_REVENUE("600101", "Sales revenue - goods sold"),
    SALES_RETURNS("600102", "Sales revenue - returns and allowances"),
    RESTOCKING_FEE_INCOME("6051", "Restocking fee income"),
    COST_OF_GOODS_SOLD("6401", "Cost of goods sold"),
    INVENTORY_WRITE_OFF("6711", "Inventory write-off");

    private final String code;
    private final String title;

    Account(String code, String title) {
        this.code = code;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public static Account ofCode(String code) {
        return Arrays.stream(values()).filter(account -> account.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("account " + code + " is not in the chart of accounts ("
                        + Arrays.stream(values()).map(Account::code).collect(Collectors.joining(", ")) + ")"));
    }
}
