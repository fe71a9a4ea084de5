package com.jxc.returns.api.returnrequest;

/**
 * Where the customer's feedback was taken. {@link #NOT_RECORDED} for feedback recorded without a channel, and for
 * every feedback stored before revision 2 of {@link FeedbackGiven} (the channel was not asked for then).
 */
public enum FeedbackChannel {
    HOTLINE, ONLINE_FORM, EMAIL, SURVEY, IN_STORE, NOT_RECORDED
}
