package com.jxc.returns.platform.serialization;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads an instant in the one shape Jackson and Axon write them ({@code 2026-12-07T03:29:34.123456789Z}: UTC, zero to
 * nine digits of fraction) without {@code java.time}'s general formatter, which builds maps and copies of them for
 * every value. Anything else is left to the caller's general parser.
 */
public final class UtcTimestamps {

    private static final int SHORTEST = "2026-12-07T03:29:34Z".length();

    private UtcTimestamps() {
    }

    /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with every field in range; {@code null} for anything else. */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || length > SHORTEST + 10 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        int fractionDigits = length - SHORTEST - 1;
        if (fractionDigits >= 0) {
            if (text.charAt(19) != '.' || fractionDigits == 0) {
                return null;
            }
            nanos = digits(text, 20, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number the {@code count} characters from {@code start} spell, or -1 if one is not an ASCII digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
