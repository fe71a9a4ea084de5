package com.jxc.returns.api.common;

/**
 * Marks a record of one component (ids, SKUs, quantities) that is that one value in every representation
 * (JSON, URLs, documents): serializers write the component instead of an object with one field.
 */
public interface SingleValue {
}
