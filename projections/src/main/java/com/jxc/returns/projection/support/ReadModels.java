package com.jxc.returns.projection.support;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.util.List;

/**
 * Every read model, named by its processing group. Each can be dropped and rebuilt from the event stream; the
 * admin API only resets processors named here.
 */
public final class ReadModels {

    public static final String RETURNS = "returns";
    public static final String STOCK_LEVELS = "stock-levels";
    public static final String LEDGER = "ledger";
    public static final String ANALYTICS = "analytics";
    public static final String NOTIFICATIONS = "notifications";
    public static final String POLICY_VERSIONS = "policy-versions";
    public static final String SALES_ORDERS = "sales-orders";

    public static final List<String> ALL = List.of(RETURNS, STOCK_LEVELS, LEDGER, ANALYTICS, NOTIFICATIONS,
            POLICY_VERSIONS, SALES_ORDERS);

    /** The read models whose processors run in this instance (none on a command-side instance). */
    public static List<String> keptBy(EventProcessingConfiguration processing) {
        return ALL.stream().filter(name -> processing.eventProcessor(name, StreamingEventProcessor.class).isPresent())
                .toList();
    }

    private ReadModels() {
    }
}
