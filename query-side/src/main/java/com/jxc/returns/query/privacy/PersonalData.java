package com.jxc.returns.query.privacy;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.api.query.ReturnView;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Customers' contact details leave the API in full only for the roles that talk to customers (customer service,
 * administrators); every other role, auditors included, sees them masked ({@code zh***@example.com},
 * {@code +86 138****0002}). Masking happens here, at the API boundary: the read models keep the full value.
 */
public final class PersonalData {

    private static final Set<String> SEE_CONTACTS = Set.of(Role.CUSTOMER_SERVICE.name(), Role.ADMIN.name());
    private static final Pattern EMAIL = Pattern.compile("([^@\\s]+)@([^@\\s]+)");
    private static final Pattern PHONE = Pattern.compile("(\\+\\d{1,4}[\\s-]?)?([\\d\\s-]{6,})");

    private PersonalData() {
    }

    /** Whether {@code caller} may see contact details unmasked. */
    public static boolean seesContacts(Authentication caller) {
        if (caller == null) {
            return false;
        }
        Set<String> roles = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).map(authority -> authority.substring(5))
                .collect(Collectors.toSet());
        return roles.stream().anyMatch(SEE_CONTACTS::contains);
    }

    /** The return as {@code caller} may see it. */
    public static ReturnView forCaller(ReturnView view, Authentication caller) {
        if (view == null || view.request() == null || seesContacts(caller)) {
            return view;
        }
        var r = view.request();
        var builder = view.toBuilder();
        builder.request = new ReturnView.Request(r.orderId(), r.customerId(), r.customerName(),
                maskContact(r.customerContact()), r.warehouse(), r.currency(), r.reason(), r.reasonText(),
                r.channel(), r.wantedResolution(), r.requestedBy(), r.requestedAt(), r.shippedAt(), r.policyVersion(),
                r.withinWindow(), r.lastDayOfWindow(), r.requestValue(), r.autoApproved(), r.reviewReasons());
        return builder.build();
    }

    /** The notification as {@code caller} may see it. */
    public static NotificationView forCaller(NotificationView view, Authentication caller) {
        if (view == null || view.recipient() == null || seesContacts(caller)) {
            return view;
        }
        return new NotificationView(view.notificationId(), view.returnId(), view.topic(),
                new NotificationView.Recipient(view.recipient().name(), maskContact(view.recipient().contact())),
                view.returnOrderNumber(), view.message(), view.requestedAt(), view.status(), view.attempts(),
                view.lastAttemptAt(), view.lastError(), view.nextAttemptAt(), view.deliveredAt());
    }

    /**
     * An e-mail keeps the first two characters of its local part and the domain; a phone number its country code,
     * first three and last four digits; anything else only its first character.
     */
    public static String maskContact(String contact) {
        if (contact == null || contact.isBlank()) {
            return contact;
        }
        String value = contact.strip();
        var email = EMAIL.matcher(value);
        if (email.matches()) {
            String local = email.group(1);
            return local.substring(0, local.length() > 2 ? 2 : 1) + "***@" + email.group(2);
        }
        var phone = PHONE.matcher(value);
        if (phone.matches()) {
            String country = phone.group(1) == null ? "" : phone.group(1).strip() + " ";
            String digits = phone.group(2).replaceAll("\\D", "");
            if (digits.length() >= 8) {
                return country + digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
            }
            return country + "****" + digits.substring(Math.max(0, digits.length() - 2));
        }
        return value.charAt(0) + "***";
    }
}
