package com.jxc.returns.query.admin;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param rebuildAtStartInOnePassFrom a read store that holds no token of any read model this instance keeps (new,
 *                                    deleted, or emptied by the schema upgrade) is rebuilt at start in one pass over
 *                                    the stream once the stream holds at least this many events; below, each read
 *                                    model's processor catches up on its own
 */
@Validated
@ConfigurationProperties("returns.read-models")
public record ReadModelRebuildProperties(@PositiveOrZero @DefaultValue("10000") long rebuildAtStartInOnePassFrom) {
}
