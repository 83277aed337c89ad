package org.otactive.passive.capture;

/**
 * Where a capture file stops making sense: everything before {@code offset} was read, nothing after.
 *
 * @param offset byte offset in the file where the damaged record or block starts
 * @param reason what is wrong, in plain words
 */
public record Damage(long offset, String reason) {
  @Override
  public String toString() {
    return reason + " at byte " + offset;
  }
}
