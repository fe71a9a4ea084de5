package com.jxc.returns.command.returnpolicy;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.math.BigDecimal;

/**
 * @param dualControlThreshold the dual-control threshold of the policy a new installation starts with, and of a
 *                             policy an administrator defines without naming one: a settlement paying out more needs
 *                             a second finance user
 */
@Validated
@ConfigurationProperties("returns.settlement")
public record SettlementProperties(
        @NotNull @DecimalMin("0") @DefaultValue("5000.00") BigDecimal dualControlThreshold) {
}
