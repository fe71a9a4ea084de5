package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Role;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's table of who may do what to a return is the one {@link ReturnAction} holds, written out. */
class ReturnActionTableTest {

    private static final Path README = Path.of("../README.md");
    static final String BEGIN = "<!-- return-actions: generated from ReturnAction by ReturnActionTableTest -->";
    static final String END = "<!-- /return-actions -->";

    @Test
    void theReadmeShowsTheTable() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the markers of the generated table").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        assertThat(readme.substring(begin + BEGIN.length(), end).strip())
                .as("README.md's table of who may do what; replace it with the expected text").isEqualTo(table());
    }

    /** Actions × states: the roles where the action applies (with its condition), and the person rule. */
    static String table() {
        var table = new StringBuilder("| action | endpoint | roles |");
        for (ReturnState state : ReturnState.values()) {
            table.append(' ').append(state.name()).append(" |");
        }
        table.append(" not by |\n|---|---|---|");
        table.append("---|".repeat(ReturnState.values().length)).append("---|\n");
        for (ReturnAction action : ReturnAction.values()) {
            table.append("| ").append(action.name()).append(" | `").append(action.endpoint()).append("` | ")
                    .append(action.roles().stream().map(Role::name).sorted().collect(Collectors.joining(", ")))
                    .append(" |");
            boolean createsTheReturn = Arrays.stream(ReturnState.values())
                    .allMatch(state -> action.conditionIn(state).isEmpty());
            for (ReturnState state : ReturnState.values()) {
                table.append(' ').append(createsTheReturn ? "—" : action.conditionIn(state)
                        .map(condition -> condition.note().isEmpty() ? "✓" : "✓ " + condition.note())
                        .orElse("✗")).append(" |");
            }
            table.append(' ').append(switch (action.personRule()) {
                case NONE -> "";
                case NOT_THE_REQUESTER -> "the requester";
                case NOT_THE_PROPOSER -> "the proposer (four eyes)";
            }).append(" |\n");
        }
        return table.toString().strip();
    }

    @Test
    void everyActionIsInTheTable() {
        assertThat(table().lines().skip(2).count()).isEqualTo(Arrays.stream(ReturnAction.values()).count());
    }
}
