package com.jxc.returns.api.common;

import java.util.regex.Pattern;

/** Shape rules shared by every identifier: safe in URLs, file names and MongoDB keys. */
public final class Identifiers {

    /** The shape of every identifier, as a regular expression (for {@code @Pattern} on request parameters too). */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";
    private static final Pattern SAFE = Pattern.compile(PATTERN);

    private Identifiers() {
    }

    public static String requireSafe(String value, String what) {
        if (value == null || !SAFE.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '_', '.', ':' or '-', "
                    + "starting with a letter or digit");
        }
        return value;
    }
}
