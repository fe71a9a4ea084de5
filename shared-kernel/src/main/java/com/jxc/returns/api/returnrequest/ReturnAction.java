package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.RuleViolation;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what to a return, in which state: the one table that the API's security rules, the aggregate's checks,
 * the console's forms and a return's {@code allowedActions} all read. Each action names the roles that may take it,
 * the states it applies in (some only under a condition), and the person rule it is subject to. A refusal carries
 * the same rule name the aggregate has always answered with, so clients that branch on it keep working.
 * <p>
 * The returns' automatic steps (auto-approval, expiry at the receipt deadline, recording a delivered notification)
 * are the system's, never a role's, and are not in the table.
 */
public enum ReturnAction {

    /** {@code POST /api/returns}: creates the return, so it applies in no state of an existing one. */
    SUBMIT("", Set.of(Role.CUSTOMER_SERVICE), Map.of(), PersonRule.NONE) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return RuleViolation.conflict("return-already-submitted", "the return exists already; it is "
                    + facts.state());
        }
    },
    APPROVE("approve", Set.of(Role.REVIEWER), Map.of(ReturnState.REQUESTED, Condition.ALWAYS),
            PersonRule.NOT_THE_REQUESTER) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return notIn(facts, "return-not-awaiting-review", ReturnState.REQUESTED);
        }
    },
    REJECT("reject", Set.of(Role.REVIEWER), Map.of(ReturnState.REQUESTED, Condition.ALWAYS),
            PersonRule.NOT_THE_REQUESTER) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return notIn(facts, "return-not-awaiting-review", ReturnState.REQUESTED);
        }
    },
    CANCEL("cancel", Set.of(Role.CUSTOMER_SERVICE),
            Map.of(ReturnState.REQUESTED, Condition.ALWAYS, ReturnState.APPROVED, Condition.ALWAYS), PersonRule.NONE) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return RuleViolation.conflict("return-not-cancellable",
                    "a return can be cancelled only before its goods are received; it is " + facts.state());
        }
    },
    RECEIVE("receive", Set.of(Role.WAREHOUSE), Map.of(ReturnState.APPROVED, Condition.UNLESS_KEEP_ITEM),
            PersonRule.NONE) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            if (facts.state() != ReturnState.APPROVED) {
                return notIn(facts, "return-not-awaiting-goods", ReturnState.APPROVED);
            }
            return RuleViolation.conflict("keep-item-return",
                    "the customer keeps these goods; nothing is to be received");
        }
    },
    INSPECT("inspect", Set.of(Role.WAREHOUSE), Map.of(ReturnState.RECEIVED, Condition.ALWAYS), PersonRule.NONE) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return notIn(facts, "return-not-awaiting-inspection", ReturnState.RECEIVED);
        }
    },
    /** Settles at once, or proposes the settlement when its payout needs a second finance user. */
    SETTLE("settle", Set.of(Role.FINANCE),
            Map.of(ReturnState.INSPECTED, Condition.ALWAYS, ReturnState.APPROVED, Condition.ONLY_KEEP_ITEM),
            PersonRule.NONE) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            if (facts.state() == ReturnState.SETTLED) {
                return alreadySettled();
            }
            if (facts.state() == ReturnState.SETTLEMENT_PENDING) {
                return RuleViolation.conflict("settlement-awaiting-confirmation", "a settlement of this return by "
                        + facts.proposedBy() + " waits for a second finance user to confirm it");
            }
            return RuleViolation.conflict("return-not-ready-for-settlement", "a return is settled after inspection "
                    + "(or after approval when the customer keeps the goods); it is " + facts.state());
        }
    },
    CONFIRM_SETTLEMENT("settle/confirm", Set.of(Role.FINANCE),
            Map.of(ReturnState.SETTLEMENT_PENDING, Condition.ALWAYS), PersonRule.NOT_THE_PROPOSER) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return facts.state() == ReturnState.SETTLED ? alreadySettled()
                    : notIn(facts, "no-settlement-to-confirm", ReturnState.SETTLEMENT_PENDING);
        }
    },
    DECLINE_SETTLEMENT("settle/decline", Set.of(Role.FINANCE),
            Map.of(ReturnState.SETTLEMENT_PENDING, Condition.ALWAYS), PersonRule.NOT_THE_PROPOSER) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            return facts.state() == ReturnState.SETTLED ? alreadySettled()
                    : notIn(facts, "no-settlement-to-decline", ReturnState.SETTLEMENT_PENDING);
        }
    },
    GIVE_FEEDBACK("feedback", Set.of(Role.CUSTOMER_SERVICE), Map.of(ReturnState.SETTLED, Condition.ONCE),
            PersonRule.NONE) {
        @Override
        RuleViolation refusedIn(ReturnFacts facts) {
            if (facts.state() != ReturnState.SETTLED) {
                return notIn(facts, "return-not-settled", ReturnState.SETTLED);
            }
            return RuleViolation.conflict("feedback-already-given", "feedback for this return was already recorded");
        }
    };

    /** When an action applies in a state only under a condition on the return. */
    public enum Condition {
        ALWAYS(""),
        /** only when the customer keeps the goods (nothing is sent back) */
        ONLY_KEEP_ITEM("keep-item only"),
        /** not when the customer keeps the goods */
        UNLESS_KEEP_ITEM("unless keep-item"),
        /** only while no feedback is recorded */
        ONCE("once");

        private final String note;

        Condition(String note) {
            this.note = note;
        }

        /** How the table writes the condition; empty for {@link #ALWAYS}. */
        public String note() {
            return note;
        }

        boolean holds(ReturnFacts facts) {
            return switch (this) {
                case ALWAYS -> true;
                case ONLY_KEEP_ITEM -> facts.keepItem();
                case UNLESS_KEEP_ITEM -> !facts.keepItem();
                case ONCE -> !facts.feedbackGiven();
            };
        }
    }

    /** Which person may not take an action, whatever their role. */
    public enum PersonRule {
        NONE,
        /** the person who requested the return may not approve or reject it */
        NOT_THE_REQUESTER,
        /** four eyes: the finance user who proposed the settlement may neither confirm nor decline it */
        NOT_THE_PROPOSER
    }

    private final String path;
    private final Set<Role> roles;
    private final Map<ReturnState, Condition> states;
    private final PersonRule personRule;

    ReturnAction(String path, Set<Role> roles, Map<ReturnState, Condition> states, PersonRule personRule) {
        this.path = path;
        this.roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        this.states = states.isEmpty() ? Map.of() : new EnumMap<>(states);
        this.personRule = personRule;
    }

    /** Why the action does not fit the return's state (called only when it does not). */
    abstract RuleViolation refusedIn(ReturnFacts facts);

    /** The roles that may take this action. */
    public Set<Role> roles() {
        return roles;
    }

    /** The same roles, in declaration order, as the command dispatcher takes them. */
    public Role[] actingRoles() {
        return EnumSet.copyOf(roles).toArray(Role[]::new);
    }

    /** The endpoint's path as a security rule matches it, e.g. {@code /api/returns/*}{@code /approve}. */
    public String apiPattern() {
        return path.isEmpty() ? "/api/returns" : "/api/returns/*/" + path;
    }

    /** The endpoint as the API description names it, e.g. {@code POST /api/returns/{returnId}/approve}. */
    public String endpoint() {
        return "POST " + (path.isEmpty() ? "/api/returns" : "/api/returns/{returnId}/" + path);
    }

    /** The condition under which the action applies in {@code state}; empty when it does not apply there at all. */
    public Optional<Condition> conditionIn(ReturnState state) {
        return Optional.ofNullable(states.get(state));
    }

    public PersonRule personRule() {
        return personRule;
    }

    /**
     * Why {@code userId} may not take this action on a return with these facts, whatever their role: first the
     * state (a conflict: it may fit later), then the person rule (invalid: it never will for this person). Empty
     * when the return allows it.
     */
    public Optional<RuleViolation> refusal(ReturnFacts facts, String userId) {
        Condition condition = states.get(facts.state());
        if (condition == null || !condition.holds(facts)) {
            return Optional.of(refusedIn(facts));
        }
        return switch (personRule) {
            case NONE -> Optional.empty();
            case NOT_THE_REQUESTER -> userId != null && userId.equals(facts.requestedBy())
                    ? Optional.of(RuleViolation.invalid("requester-cannot-" + name().toLowerCase(),
                    "the person who requested a return may not " + name().toLowerCase() + " it"))
                    : Optional.empty();
            case NOT_THE_PROPOSER -> userId != null && userId.equals(facts.proposedBy())
                    ? Optional.of(RuleViolation.invalid(
                    "four-eyes", "the settlement was proposed by " + facts.proposedBy() + "; a different finance "
                            + "user must " + (this == CONFIRM_SETTLEMENT ? "confirm" : "decline") + " it"))
                    : Optional.empty();
        };
    }

    /** Throws the {@link #refusal} if there is one. */
    public void check(ReturnFacts facts, String userId) {
        Optional<RuleViolation> refusal = refusal(facts, userId);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /** Whether {@code userId}, holding {@code held}, may take this action on a return with these facts. */
    public boolean allows(ReturnFacts facts, String userId, Collection<Role> held) {
        return held.stream().anyMatch(roles::contains) && refusal(facts, userId).isEmpty();
    }

    /** Every action {@code userId}, holding {@code held}, may take on a return with these facts, in table order. */
    public static Set<ReturnAction> allowed(ReturnFacts facts, String userId, Collection<Role> held) {
        var allowed = EnumSet.noneOf(ReturnAction.class);
        Arrays.stream(values()).filter(action -> action.allows(facts, userId, held)).forEach(allowed::add);
        return allowed;
    }

    private static RuleViolation notIn(ReturnFacts facts, String rule, ReturnState expected) {
        return RuleViolation.conflict(rule, "the return is " + facts.state() + ", not " + expected);
    }

    private static RuleViolation alreadySettled() {
        return RuleViolation.conflict("already-settled", "this return is already settled");
    }
}
