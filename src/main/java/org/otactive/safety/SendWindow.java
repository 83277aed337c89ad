package org.otactive.safety;

import java.time.Instant;

/**
 * When a run may send at all: the open span of its maintenance windows. The gate asks it before
 * a packet only when the span it was last given has ended, so it may be slow-ish but must be pure.
 */
@FunctionalInterface
public interface SendWindow {
  /** Null when closed at {@code now}; else an instant after {@code now} until which it stays open. */
  Instant openUntil(Instant now);

  /** No window: always open (runs without a site, tests of other rules). */
  SendWindow ALWAYS = now -> Instant.MAX;
}
