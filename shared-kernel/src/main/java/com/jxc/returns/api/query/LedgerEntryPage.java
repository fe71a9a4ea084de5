package com.jxc.returns.api.query;

import java.util.List;

public record LedgerEntryPage(List<LedgerEntry> items, int page, int size, long total) {
}
