package org.otactive.common;

/**
 * Input from a user (CLI argument, API field, imported file) that cannot be accepted.
 *
 * <p>The message is one line that names the bad value, ready to show as it is. Throwing it must
 * happen before anything is sent or stored, so that bad input changes nothing.
 */
public class BadInputException extends IllegalArgumentException {
  public BadInputException(String message) {
    super(message);
  }
}
