package com.jxc.returns.command.web;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.Money;

import java.util.Currency;

/** Shapes every request body shares, so that all endpoints refuse the same bad input the same way. */
public final class RequestShapes {

    public static final String ID = Identifiers.PATTERN;
    public static final String CURRENCY = "[A-Z]{3}";
    /**
     * A product category: also a field name in read-model documents, so no leading '$', no '.', no controls, no half
     * of a surrogate pair. Written so that JavaScript reads it as Java does (backslash-x and backslash-u escapes,
     * pairs spelled out): the API description's validators use this expression too.
     */
    public static final String CATEGORY = "(?:[^$.\\x00-\\x1F\\x7F\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])"
            + "(?:[^.\\x00-\\x1F\\x7F\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]){0,99}";
    public static final int MAX_LINES = 200;
    public static final int MAX_LINE_NO = 10_000;
    public static final int MAX_TEXT = 2_000;

    private RequestShapes() {
    }

    /** The ISO 4217 currency, CNY when none is given. */
    public static Currency currency(String code) {
        if (code == null) {
            return Money.CNY;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency " + code);
        }
    }
}
