package org.otactive.safety;

/**
 * Leave to send one packet to a peer, holding one of the peer's in-flight slots until closed.
 * Close it when the exchange is over (answer, timeout or error).
 */
public non-sealed interface Permit extends Admission, AutoCloseable {
  /**
   * Leave for one more packet of the same exchange (a TCP segment of the same query): re-checks
   * stop and deadline and takes from the rate budgets.
   */
  void another() throws Blocked, InterruptedException;

  @Override
  void close();
}
