package com.jxc.returns.console;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.UserId;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * How the console reads what a page was sent: ids, enum values, texts, numbers and days. A filter that does not
 * parse is no filter; a form field an action needs and does not get is an error the page explains.
 */
final class ConsoleForms {

    private static final Pattern ID = Pattern.compile(Identifiers.PATTERN);

    private ConsoleForms() {
    }

    /** An order, return, customer, SKU or warehouse id as the service accepts them. */
    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A return id of a page's path; anything else is no such return. */
    static void requireId(String id) {
        if (!validId(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such return");
        }
    }

    static UserId currentUser() {
        return new UserId(SecurityContextHolder.getContext().getAuthentication().getName());
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static <E extends Enum<E>> E required(Class<E> type, String value) {
        E parsed = parse(type, value);
        if (parsed == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is required");
        }
        return parsed;
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String requiredText(String value) {
        String text = text(value);
        if (text == null) {
            throw new IllegalArgumentException("a reason is required");
        }
        return text;
    }

    static int intParam(MultiValueMap<String, String> form, String name, int otherwise) {
        String value = text(form.getFirst(name));
        return value == null ? otherwise : Integer.parseInt(value);
    }

    static int intOr(String value, int otherwise) {
        try {
            return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A business day (yyyy-MM-dd) as the instant it starts in Shanghai; anything else is no bound. */
    static Instant day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(ConsoleFormat.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
