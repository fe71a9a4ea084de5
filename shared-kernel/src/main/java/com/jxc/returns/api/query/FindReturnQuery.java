package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.ReturnRequestId;

public record FindReturnQuery(ReturnRequestId returnId) {
}
