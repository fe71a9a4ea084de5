package com.jxc.returns.command.returnpolicy;

import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnpolicy.DefineReturnPolicyCommand;
import com.jxc.returns.api.returnpolicy.ReturnPolicyDefined;
import com.jxc.returns.api.returnpolicy.ReturnPolicyId;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

class ReturnPolicyTest {

    private static final ReturnPolicyId POLICY = ReturnPolicyId.CURRENT;
    private static final UserId ADMIN = new UserId("admin-1");
    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-02-01T00:00:00Z");
    private static final ReturnPolicyTerms DEFAULTS = ReturnPolicyTerms.defaults();
    private static final ReturnPolicyTerms STRICTER = new ReturnPolicyTerms(7, Map.of(), Map.of(),
            new BigDecimal("20"), Set.of(), DEFAULTS.autoApproval(), 7, BigDecimal.ZERO, "Asia/Shanghai");

    private AggregateTestFixture<ReturnPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReturnPolicy.class);
    }

    @Test
    void firstDefinitionIsVersionOne() {
        fixture.givenNoPriorActivity()
                .when(new DefineReturnPolicyCommand(POLICY, DEFAULTS, ADMIN, FIRST))
                .expectEvents(new ReturnPolicyDefined(POLICY, 1, DEFAULTS, ADMIN, FIRST))
                .expectResultMessagePayload(1);
    }

    @Test
    void everyDefinitionIsANewVersion() {
        fixture.given(new ReturnPolicyDefined(POLICY, 1, DEFAULTS, ADMIN, FIRST))
                .when(new DefineReturnPolicyCommand(POLICY, STRICTER, ADMIN, SECOND))
                .expectEvents(new ReturnPolicyDefined(POLICY, 2, STRICTER, ADMIN, SECOND))
                .expectResultMessagePayload(2);
    }

    @Test
    void redefiningTheSameTermsStillCountsAVersion() {
        fixture.given(new ReturnPolicyDefined(POLICY, 1, DEFAULTS, ADMIN, FIRST),
                        new ReturnPolicyDefined(POLICY, 2, STRICTER, ADMIN, SECOND))
                .when(new DefineReturnPolicyCommand(POLICY, DEFAULTS, ADMIN, SECOND.plusSeconds(60)))
                .expectEvents(new ReturnPolicyDefined(POLICY, 3, DEFAULTS, ADMIN, SECOND.plusSeconds(60)))
                .expectResultMessagePayload(3);
    }
}
