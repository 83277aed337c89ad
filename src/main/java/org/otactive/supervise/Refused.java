package org.otactive.supervise;

/**
 * Supervision refuses to send now: active monitoring is off, the site is stopped, the method is
 * disabled, or no maintenance window is open. Nothing was sent and nothing changed. The command
 * line exits with its own code for it ({@code Main.EXIT_REFUSED}).
 */
public final class Refused extends RuntimeException {
  public Refused(String message) {
    super(message, null, false, false);
  }
}
