package com.jxc.returns.platform.storage;

/** The two SQL dialects the event store runs on; where they differ, this says how. */
enum Dialect {
    H2("h2", "SELECT NEXT VALUE FOR %s"),
    POSTGRES("postgresql", "SELECT nextval('%s')");

    private final String migrationsFolder;
    private final String nextValue;

    Dialect(String migrationsFolder, String nextValue) {
        this.migrationsFolder = migrationsFolder;
        this.nextValue = nextValue;
    }

    static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : H2;
    }

    /** The vendor folder of its migrations, as Spring Boot names it for {@code {vendor}} in Flyway's locations. */
    String migrationsFolder() {
        return migrationsFolder;
    }

    String nextValue(String sequence) {
        return nextValue.formatted(sequence);
    }
}
