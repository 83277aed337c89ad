package org.otactive.supervise;

/** The acting user may not do this. Nothing was changed and nothing sent. */
public final class Denied extends RuntimeException {
  public Denied(String message) {
    super(message, null, false, false);
  }
}
