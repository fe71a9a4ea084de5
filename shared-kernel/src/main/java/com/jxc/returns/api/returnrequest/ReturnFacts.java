package com.jxc.returns.api.returnrequest;

import java.util.Objects;

/**
 * What {@link ReturnAction} needs to know of a return to say who may act on it: its state, whether the customer keeps
 * the goods, whether feedback was recorded, who requested it and who proposed the settlement waiting for a second
 * finance user ({@code proposedBy} null when none waits). The aggregate and the read model both describe a return so.
 */
public record ReturnFacts(ReturnState state, boolean keepItem, boolean feedbackGiven, String requestedBy,
                          String proposedBy) {

    public ReturnFacts {
        Objects.requireNonNull(state, "state");
    }
}
