package com.jxc.returns.command.lines;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.salesorder.LineQuantity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one check of the lines a command names: known, once each, within their limit. */
class NamedLinesTest {

    private static final Map<Integer, Quantity> LIMITS = Map.of(1, Quantity.of(3), 2, Quantity.of(1));

    private static NamedLines<LineQuantity> named(LineQuantity... lines) {
        return NamedLines.check(List.of(lines), LineQuantity::lineNo, LIMITS::containsKey, "unknown-line",
                lineNo -> "no line " + lineNo);
    }

    private static LineQuantity line(int lineNo, int quantity) {
        return new LineQuantity(lineNo, Quantity.of(quantity));
    }

    @Test
    void keepsTheLinesInTheCommandsOrderAndFindsThemByNumber() {
        var lines = named(line(2, 1), line(1, 3));

        assertThat(lines.lines()).containsExactly(line(2, 1), line(1, 3));
        assertThat(lines.get(1)).isEqualTo(line(1, 3));
        assertThat(lines.get(7)).isNull();
    }

    @Test
    void refusesALineTheAggregateDoesNotKnowUnderTheCallersRuleAndText() {
        assertThatThrownBy(() -> named(line(1, 1), line(9, 1)))
                .isInstanceOfSatisfying(RuleViolation.class, e -> {
                    assertThat(e.rule()).isEqualTo("unknown-line");
                    assertThat(e.isConflict()).isFalse();
                })
                .hasMessage("no line 9");
    }

    @Test
    void refusesALineNamedTwice() {
        assertThatThrownBy(() -> named(line(1, 1), line(2, 1), line(1, 2)))
                .isInstanceOfSatisfying(RuleViolation.class, e -> assertThat(e.rule()).isEqualTo("duplicate-line"))
                .hasMessage("line 1 appears twice");
    }

    @Test
    void refusesTheFirstLineAskingForMoreThanItsLimitAndAcceptsExactlyTheLimit() {
        var lines = named(line(1, 3), line(2, 2));

        assertThatThrownBy(() -> lines.noneExceeds(LineQuantity::quantity, LIMITS::get, "too-many",
                (lineNo, asked, allowed) -> "line " + lineNo + ": " + asked + " of " + allowed))
                .isInstanceOfSatisfying(RuleViolation.class, e -> assertThat(e.rule()).isEqualTo("too-many"))
                .hasMessage("line 2: 2 of 1");
        assertThat(named(line(1, 3), line(2, 1)).noneExceeds(LineQuantity::quantity, LIMITS::get, "too-many",
                (lineNo, asked, allowed) -> "").lines()).hasSize(2);
    }

    @Test
    void checksEveryNameBeforeAnyQuantity() {
        assertThatThrownBy(() -> named(line(1, 99), line(9, 1)).noneExceeds(LineQuantity::quantity, LIMITS::get,
                "too-many", (lineNo, asked, allowed) -> "too many"))
                .isInstanceOfSatisfying(RuleViolation.class, e -> assertThat(e.rule()).isEqualTo("unknown-line"));
    }
}
