package org.otactive.run;

/** How a run ended (or that it is still going). */
public enum RunState {
  /** Waiting for its turn (one run per method at a time) or for the scheduler to pick it up. */
  QUEUED,
  /** Paused because its site's maintenance window is closed; resumes when the next one opens. */
  WAITING_WINDOW,
  /** Paused by a user; resumes when a user resumes it. */
  PAUSED,
  RUNNING,
  COMPLETED,
  STOPPED,
  DEADLINE_REACHED,
  /** Its process died while it ran and nothing can resume it (a one-off run from the command line). */
  INTERRUPTED;

  /** Whether the run can never send again. */
  public boolean isFinal() {
    return this == COMPLETED || this == STOPPED || this == DEADLINE_REACHED || this == INTERRUPTED;
  }

  public static RunState ofWord(String word) {
    return valueOf(word.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  public String word() {
    return name().toLowerCase().replace('_', '-');
  }
}
