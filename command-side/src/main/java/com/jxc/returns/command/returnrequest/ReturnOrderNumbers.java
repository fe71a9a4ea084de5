package com.jxc.returns.command.returnrequest;

import java.time.Instant;

/** Hands out unique, human-readable return order numbers such as {@code RT-2026-000123}. */
@FunctionalInterface
public interface ReturnOrderNumbers {
    String next(Instant issuedAt);
}
