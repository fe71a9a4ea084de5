package com.jxc.returns.api.common;

/** Shape rules shared by every identifier: safe in URLs, file names and MongoDB keys. */
public final class Identifiers {

    /** The shape of every identifier, as a regular expression (for {@code @Pattern} on request parameters too). */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";
    private static final int LONGEST = 64;

    private Identifiers() {
    }

    public static String requireSafe(String value, String what) {
        if (!isSafe(value)) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '_', '.', ':' or '-', "
                    + "starting with a letter or digit");
        }
        return value;
    }

    /**
     * Whether {@code value} matches {@link #PATTERN} and holds no {@code ..}, checked character by character: every
     * identifier of every event read is checked, and a regular expression's matcher per value was a measurable part
     * of reading the event stream.
     */
    static boolean isSafe(String value) {
        int length = value == null ? 0 : value.length();
        if (length == 0 || length > LONGEST || !isLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = isLetterOrDigit(c) || c == '_' || c == ':' || c == '-'
                    || c == '.' && value.charAt(i - 1) != '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
