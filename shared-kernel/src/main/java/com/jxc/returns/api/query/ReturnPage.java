package com.jxc.returns.api.query;

import java.util.List;

public record ReturnPage(List<ReturnView> items, int page, int size, long total) {
}
