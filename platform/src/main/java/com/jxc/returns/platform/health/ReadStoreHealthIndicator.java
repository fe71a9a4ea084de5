package com.jxc.returns.platform.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.util.Set;

/** Out of service while a read-store check or repair runs; names what the checks repaired since start. */
@Component("readStore")
class ReadStoreHealthIndicator extends AbstractHealthIndicator {

    private final ReadStoreChecks checks;

    ReadStoreHealthIndicator(ReadStoreChecks checks) {
        this.checks = checks;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Set<String> running = checks.running();
        builder.status(running.isEmpty() ? Status.UP : Status.OUT_OF_SERVICE)
                .withDetail("checksRunning", running.stream().sorted().toList())
                .withDetail("repairs", checks.repairCount())
                .withDetail("latestRepairs", checks.repairs().stream()
                        .map(repair -> repair.at() + " " + repair.check() + ": " + repair.what()).toList());
    }
}
