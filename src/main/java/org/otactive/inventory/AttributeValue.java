package org.otactive.inventory;

import java.time.Instant;

/**
 * The value an attribute had over a span of time: first seen at {@code since}, last confirmed at
 * {@code lastSeen}.
 */
public record AttributeValue(
    String attribute, String value, String source, String detail, Instant since, Instant lastSeen) {}
