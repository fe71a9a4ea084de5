package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.CustomerId;

import java.util.Objects;

/** The customer of an order; {@code contact} (e-mail or phone) is where notifications go. */
public record Customer(CustomerId id, String name, String contact) {
    public Customer {
        Objects.requireNonNull(id, "customer id is required");
        name = requireText(name, "customer name", 200);
        contact = requireText(contact, "customer contact", 200);
    }

    static String requireText(String value, String what, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength + " characters");
        }
        return value.strip();
    }
}
