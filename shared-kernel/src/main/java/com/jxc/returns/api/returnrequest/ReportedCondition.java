package com.jxc.returns.api.returnrequest;

/** The state of the goods as the customer describes it when asking to return them. */
public enum ReportedCondition {
    UNOPENED, OPENED, USED, DAMAGED, DEFECTIVE
}
