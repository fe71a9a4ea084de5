package com.jxc.returns.api.query;

import java.util.List;

public record StockLevels(List<StockLevelView> levels) {
}
