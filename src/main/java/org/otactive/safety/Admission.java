package org.otactive.safety;

/**
 * What {@link Gate#tryAdmit} answers: leave to send (a {@link Permit}), or when to ask again.
 * An event loop that drives many exchanges from one thread asks instead of waiting.
 */
public sealed interface Admission permits Permit, Admission.Later {
  /** Until a permit of the same peer closes: all its in-flight slots are taken. */
  Later UNTIL_A_SLOT_FREES = new Later(-1);

  /**
   * Not now: ask again after {@code nanos} (the rate budgets), or, when negative, once a permit of
   * the same peer has closed (its in-flight slots).
   */
  record Later(long nanos) implements Admission {
    public boolean waitsForSlot() {
      return nanos < 0;
    }
  }
}
