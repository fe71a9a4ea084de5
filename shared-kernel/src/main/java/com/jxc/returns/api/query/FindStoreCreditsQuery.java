package com.jxc.returns.api.query;

/** Every customer the business owes store credit, by customer id; pages start at 0. */
public record FindStoreCreditsQuery(int page, int size) {
}
