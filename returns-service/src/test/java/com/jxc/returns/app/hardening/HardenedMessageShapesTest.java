package com.jxc.returns.app.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnrequest.ConfirmSettlementCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Records that gained a field (and a second constructor) still read and write as before. */
class HardenedMessageShapesTest {

    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    @Test
    void policyTermsStoredBeforeTheDualControlThresholdReadWithTheDefault() throws Exception {
        ObjectNode stored = json.valueToTree(ReturnPolicyTerms.defaults());
        stored.remove("dualControlThreshold");

        ReturnPolicyTerms read = json.treeToValue(stored, ReturnPolicyTerms.class);

        assertThat(read.dualControlThreshold()).isEqualByComparingTo("5000.00");
        assertThat(read.withDualControlThreshold(null)).isEqualTo(read);
    }

    @Test
    void policyTermsKeepTheirThreshold() throws Exception {
        var terms = ReturnPolicyTerms.defaults().withDualControlThreshold(new BigDecimal("1234.50"));

        assertThat(json.readValue(json.writeValueAsString(terms), ReturnPolicyTerms.class)).isEqualTo(terms);
    }

    @Test
    void commandsRoundTripWithAndWithoutAnExpectedVersion() throws Exception {
        var versioned = new RejectReturnCommand(new ReturnRequestId("R-1"), "worn", new UserId("u"),
                Instant.parse("2026-01-01T00:00:00Z"), 7L);
        var unversioned = new ConfirmSettlementCommand(new ReturnRequestId("R-1"), new UserId("u"),
                Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(json.readValue(json.writeValueAsString(versioned), RejectReturnCommand.class))
                .isEqualTo(versioned);
        assertThat(json.readValue(json.writeValueAsString(unversioned), ConfirmSettlementCommand.class))
                .isEqualTo(unversioned);
    }
}
