package com.jxc.returns.command.web;

import java.util.regex.Pattern;

/**
 * The aggregate version a client decided on, from {@code If-Match}: the strong ETag of the read model ({@code "7"}).
 * No header or {@code *} means "whatever the current version is".
 */
public final class ExpectedVersion {

    private static final Pattern STRONG_ETAG = Pattern.compile("\"(\\d{1,18})\"");

    private ExpectedVersion() {
    }

    /** The version, null for none; a malformed header is refused (400) rather than ignored. */
    public static Long of(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        var matcher = STRONG_ETAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("If-Match must be one strong ETag of the return, e.g. \"7\"");
        }
        return Long.parseLong(matcher.group(1));
    }
}
