package com.jxc.returns.api.query;

import java.util.List;

public record StoreCreditPage(List<StoreCredit> items, int page, int size, long total) {
}
