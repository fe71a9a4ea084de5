package com.jxc.returns.projection.support;

/**
 * Makes read-model writes acknowledged so far durable. A real MongoDB does that with its write concern; the embedded
 * server needs an explicit commit.
 */
@FunctionalInterface
public interface ReadModelDurability {
    void commit();
}
