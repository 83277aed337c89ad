package org.otactive.store;

/** The database failed (unreachable, locked by another process, full disk). */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
