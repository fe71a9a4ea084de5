package com.jxc.returns.platform.storage;

/** The two SQL dialects the event store runs on; where they differ, this says how. */
enum Dialect {
    H2("VARBINARY", "SELECT NEXT VALUE FOR %s"),
    POSTGRES("BYTEA", "SELECT nextval('%s')");

    private final String binaryType;
    private final String nextValue;

    Dialect(String binaryType, String nextValue) {
        this.binaryType = binaryType;
        this.nextValue = nextValue;
    }

    static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : H2;
    }

    String binaryType() {
        return binaryType;
    }

    String nextValue(String sequence) {
        return nextValue.formatted(sequence);
    }
}
