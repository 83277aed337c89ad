package org.otactive.safety;

/**
 * The gate refused a packet. Nothing was sent. The reason is one of a closed set, with a detail
 * for the user.
 */
public final class Blocked extends Exception {
  /** Why the gate refused. */
  public enum Reason {
    STOPPED,
    DEADLINE,
    OUTSIDE_WINDOW,
    OUT_OF_SCOPE,
    PEER_NOT_ALLOWED,
    DEVICE_CAP
  }

  private final Reason reason;

  public Blocked(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
