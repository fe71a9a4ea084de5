package com.jxc.returns.api.query;

import java.util.List;

public record PolicyVersions(List<PolicyVersionView> versions) {
}
