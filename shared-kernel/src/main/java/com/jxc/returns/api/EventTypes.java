package com.jxc.returns.api;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.purchasing.PurchaseReceiptEvent;
import com.jxc.returns.api.returnpolicy.ReturnPolicyEvent;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.api.salesorder.SalesOrderEvent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one list of the events this service stores: every concrete type permitted under the sealed event roots, by
 * the stable name it is stored under ({@link EventTypeName}). Serialization, import validation and the benchmark's
 * raw scan all read it from here.
 */
public final class EventTypes {

    /** Every sealed event root of the domain. */
    public static final List<Class<?>> ROOTS = List.of(SalesOrderEvent.class, ReturnRequestEvent.class,
            ReturnPolicyEvent.class, PurchaseReceiptEvent.class);

    private static final Map<String, Class<?>> BY_NAME = index(ROOTS);

    private EventTypes() {
    }

    /** Stored type name to event class. */
    public static Map<String, Class<?>> byName() {
        return BY_NAME;
    }

    /** The name an event class is stored under. */
    public static String nameOf(Class<?> eventType) {
        EventTypeName name = eventType.getAnnotation(EventTypeName.class);
        if (name == null || BY_NAME.get(name.value()) != eventType) {
            throw new IllegalArgumentException(eventType + " is not an event of the domain");
        }
        return name.value();
    }

    /** Every concrete type reachable from the given roots: each needs a stable name, and no name may be used twice. */
    static Map<String, Class<?>> index(List<Class<?>> roots) {
        var byName = new HashMap<String, Class<?>>();
        roots.stream().flatMap(EventTypes::concreteTypes).forEach(type -> {
            EventTypeName name = type.getAnnotation(EventTypeName.class);
            if (name == null) {
                throw new IllegalStateException(type + " lacks @EventTypeName");
            }
            Class<?> previous = byName.put(name.value(), type);
            if (previous != null && previous != type) {
                throw new IllegalStateException("event type name " + name.value() + " is used twice");
            }
        });
        return Map.copyOf(byName);
    }

    private static Stream<Class<?>> concreteTypes(Class<?> root) {
        if (!root.isSealed()) {
            return Stream.of(root);
        }
        return Arrays.stream(root.getPermittedSubclasses()).flatMap(EventTypes::concreteTypes);
    }
}
