package com.jxc.returns.api.returnrequest;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The number a customer writes on the parcel of a return: {@code RT-<year>-<serial>}, the serial zero-padded to six
 * digits (it grows beyond six when it must). The serial comes from one sequence, unique across years.
 */
public final class ReturnOrderNumber {

    /** A return order number anywhere in a text; group 1 is the year, group 2 the serial. */
    public static final Pattern PATTERN = Pattern.compile("RT-(\\d+)-(\\d{1,18})");

    private ReturnOrderNumber() {
    }

    public static String format(int year, long serial) {
        return "RT-%d-%06d".formatted(year, serial);
    }

    /** The serial of a return order number, empty for a text that is not one. */
    public static OptionalLong serialOf(String number) {
        var matcher = PATTERN.matcher(number);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(2))) : OptionalLong.empty();
    }
}
