package com.jxc.returns.query.returns;

import com.jxc.returns.api.query.ReturnView;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The returns most recently shown on worklist pages, by id, each at the version it was read at. A return's view is a
 * fold of its own events only ({@code ReturnViewFold}), so the view at a given version never changes: a cached view
 * is used only when the worklist index has the same version for the return, and anything newer is read again.
 */
final class RecentReturns {

    private final int capacity;
    private final Map<String, ReturnView> views;

    RecentReturns(int capacity) {
        this.capacity = capacity;
        this.views = new LinkedHashMap<>(Math.max(16, capacity * 4 / 3), 0.75f, true);
    }

    /** The view of this return at exactly this version, or null. */
    synchronized ReturnView at(String returnId, long version) {
        ReturnView view = views.get(returnId);
        return view != null && view.version() == version ? view : null;
    }

    synchronized void remember(ReturnView view) {
        if (capacity == 0) {
            return;
        }
        views.put(view.returnId(), view);
        if (views.size() > capacity) {
            var eldest = views.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }
}
