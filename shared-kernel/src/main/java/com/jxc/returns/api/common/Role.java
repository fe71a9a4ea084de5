package com.jxc.returns.api.common;

/** Who may do what. The acting role is recorded with every event. */
public enum Role {
    CUSTOMER_SERVICE, REVIEWER, WAREHOUSE, FINANCE, AUDITOR, ADMIN, INTEGRATION
}
