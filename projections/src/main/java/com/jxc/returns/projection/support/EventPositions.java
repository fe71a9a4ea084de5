package com.jxc.returns.projection.support;

/**
 * The position (global index) of a stored event, by its identifier: what {@link AppliedToken} asks for when a
 * token alone cannot tell whether a document already applied an event.
 */
@FunctionalInterface
public interface EventPositions {

    long globalIndexOf(String eventIdentifier);
}
