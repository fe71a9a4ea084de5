package com.jxc.returns.api.common;

/**
 * The actor of a decision no person took. Its events name it as their user (with the role {@link #ROLE}), so a
 * history never credits a person with what the system decided; the person's request that triggered it stays the
 * events' causation.
 */
public enum SystemActor {
    AUTO_APPROVAL("system:auto-approval"),
    RECEIPT_DEADLINE("system:receipt-deadline"),
    POLICY_BOOTSTRAP("system:policy-bootstrap"),
    NOTIFICATION_DELIVERY("system:notification-delivery");

    public static final String ROLE = "SYSTEM";

    private final UserId userId;

    SystemActor(String userId) {
        this.userId = new UserId(userId);
    }

    public UserId userId() {
        return userId;
    }
}
