package com.jxc.returns.edge.web;

import java.io.IOException;

/** A request body grew past its limit while it was read (a chunked body, or one longer than it announced). */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
