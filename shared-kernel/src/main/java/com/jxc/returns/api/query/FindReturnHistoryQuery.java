package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.ReturnRequestId;

/** Every stored event of one return, and the order's reservation events that name it; answered by a
 * {@link ReturnHistory} (none for an unknown return). */
public record FindReturnHistoryQuery(ReturnRequestId returnId) {
}
