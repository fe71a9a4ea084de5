package com.jxc.returns.query.privacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.query.NotificationPage;
import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.api.query.ReturnHistory;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who sees customers' contact details (e-mail, phone) in full: only the roles that talk to customers, customer service
 * and administrators. Every other role, auditors and integrations included, sees them masked
 * ({@code zh***@example.com}, {@code +86 138****0002}). The read models and the event store keep the full value;
 * this policy is applied where data leaves the service: every HTTP response body
 * ({@code ContactMaskingAdvice}), every console page's model ({@code ContactMaskingModels}), and the streams that
 * bypass both (server-sent updates, the history CSV). It knows every shape that carries contact data: the return
 * and notification views, and stored event payloads, whose contact fields it finds by name.
 */
public final class ContactMasking {

    public static final ContactMasking FULL = new ContactMasking(true);
    public static final ContactMasking MASKED = new ContactMasking(false);

    private static final Set<String> SEE_CONTACTS = Set.of(Role.CUSTOMER_SERVICE.name(), Role.ADMIN.name());
    /** Fields of events and views that hold a contact detail ({@code Customer.contact} and its copies). */
    static final Set<String> CONTACT_FIELDS = Set.of("contact", "customerContact", "recipientContact");
    private static final Pattern EMAIL = Pattern.compile("([^@\\s]+)@([^@\\s]+)");
    private static final Pattern PHONE = Pattern.compile("(\\+\\d{1,4}[\\s-]?)?([\\d\\s-]{6,})");
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean inFull;

    private ContactMasking(boolean inFull) {
        this.inFull = inFull;
    }

    /** The policy for a signed-in caller; no caller sees contacts masked. */
    public static ContactMasking forCaller(Authentication caller) {
        if (caller == null) {
            return MASKED;
        }
        return forRoles(caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).map(authority -> authority.substring(5))
                .toList());
    }

    public static ContactMasking forRoles(Collection<String> roles) {
        return roles.stream().anyMatch(SEE_CONTACTS::contains) ? FULL : MASKED;
    }

    public boolean inFull() {
        return inFull;
    }

    /**
     * {@code value} as this caller may see it: the shapes that carry contact data with it masked, optionals and lists
     * walked, anything else unchanged (the same instance).
     */
    public Object apply(Object value) {
        if (inFull || value == null) {
            return value;
        }
        if (value instanceof ReturnView view) {
            return view(view);
        }
        if (value instanceof ReturnPage page) {
            return new ReturnPage(page.items().stream().map(this::view).toList(), page.page(), page.size(),
                    page.total());
        }
        if (value instanceof NotificationView notification) {
            return notification(notification);
        }
        if (value instanceof NotificationPage page) {
            return new NotificationPage(page.items().stream().map(this::notification).toList(), page.page(),
                    page.size(), page.total(), page.deliveryEnabled());
        }
        if (value instanceof ReturnHistory history) {
            return history(history);
        }
        if (value instanceof ContactCarrier carrier) {
            return carrier.withContactsMasked(this);
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(this::apply);
        }
        if (value instanceof List<?> list) {
            var masked = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object item : list) {
                Object after = apply(item);
                changed |= after != item;
                masked.add(after);
            }
            return changed ? masked : list;
        }
        return value;
    }

    public ReturnView view(ReturnView view) {
        if (inFull || view == null || view.request() == null) {
            return view;
        }
        var r = view.request();
        var builder = view.toBuilder();
        builder.request = new ReturnView.Request(r.orderId(), r.customerId(), r.customerName(),
                contact(r.customerContact()), r.warehouse(), r.currency(), r.reason(), r.reasonText(),
                r.channel(), r.wantedResolution(), r.requestedBy(), r.requestedAt(), r.shippedAt(), r.policyVersion(),
                r.withinWindow(), r.lastDayOfWindow(), r.requestValue(), r.autoApproved(), r.reviewReasons());
        return builder.build();
    }

    public NotificationView notification(NotificationView view) {
        if (inFull || view == null || view.recipient() == null) {
            return view;
        }
        return new NotificationView(view.notificationId(), view.returnId(), view.topic(),
                new NotificationView.Recipient(view.recipient().name(), contact(view.recipient().contact())),
                view.returnOrderNumber(), view.message(), view.requestedAt(), view.status(), view.attempts(),
                view.lastAttemptAt(), view.lastError(), view.nextAttemptAt(), view.deliveredAt());
    }

    public ReturnHistory history(ReturnHistory history) {
        if (inFull || history == null) {
            return history;
        }
        return new ReturnHistory(history.returnId(), history.orderId(), history.events().stream()
                .map(e -> new ReturnHistory.Entry(e.position(), e.eventId(), e.aggregateId(), e.sequenceNumber(),
                        e.type(), e.revision(), e.timestamp(), e.userId(), e.userRole(), e.correlationId(),
                        e.causationId(), e.policyVersion(), eventPayload(e.payload())))
                .toList());
    }

    /**
     * A stored event's JSON payload with the value of every contact field masked, wherever it is nested; everything
     * else is copied token by token, numbers exactly as written. Payloads without such a field come back unchanged.
     */
    public String eventPayload(String json) {
        if (inFull || json == null || CONTACT_FIELDS.stream().noneMatch(field -> json.contains("\"" + field + "\""))) {
            return json;
        }
        var out = new StringWriter(json.length());
        try (JsonParser parser = JSON.createParser(json); JsonGenerator generator = JSON.createGenerator(out)) {
            boolean contactField = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (contactField && token == JsonToken.VALUE_STRING) {
                    generator.writeString(contact(parser.getText()));
                } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    generator.writeNumber(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
                contactField = token == JsonToken.FIELD_NAME && CONTACT_FIELDS.contains(parser.currentName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stored event payload is not JSON", e);
        }
        return out.toString();
    }

    /** One contact detail as this caller may see it. */
    public String contact(String contact) {
        return inFull ? contact : mask(contact);
    }

    /**
     * An e-mail keeps the first two characters of its local part and the domain; a phone number its country code,
     * first three and last four digits; anything else only its first character.
     */
    public static String mask(String contact) {
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
