package com.jxc.returns.api.common;

/** Names of the metadata every stored event carries about who acted and why. */
public final class MetadataKeys {

    public static final String USER_ID = "userId";
    public static final String USER_ROLE = "userRole";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";

    private MetadataKeys() {
    }
}
