package org.otactive.access;

import java.util.Locale;

/**
 * Where a user's action came in, as the audit log records it beside the acting user: the command
 * line (directly or through the service's socket), the console, the REST API, or the service
 * itself (a schedule that fired).
 */
public enum Channel {
  CLI,
  CONSOLE,
  API,
  SERVICE;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
