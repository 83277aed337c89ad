package org.otactive.run;

/** How a run ended (or that it is still going). */
public enum RunState {
  RUNNING,
  COMPLETED,
  STOPPED,
  DEADLINE_REACHED;

  public String word() {
    return name().toLowerCase().replace('_', '-');
  }
}
