package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Money;

import java.time.LocalDate;
import java.util.List;

/** The policy's verdict on a new request: inside the window or not, its value, and whether review can be skipped. */
public record ReviewAssessment(int policyVersion, boolean withinWindow, LocalDate lastDayOfWindow, Money requestValue,
                               boolean autoApproved, List<String> reviewReasons) {
    public ReviewAssessment {
        reviewReasons = List.copyOf(reviewReasons);
    }
}
