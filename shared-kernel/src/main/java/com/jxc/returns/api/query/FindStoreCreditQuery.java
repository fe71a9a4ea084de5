package com.jxc.returns.api.query;

/** The store credit the business owes one customer. */
public record FindStoreCreditQuery(String customerId) {
}
