package org.otactive.probe.wmi.rpc;

import java.util.UUID;

/**
 * An interface or transfer syntax: a UUID and a version (C706 p_syntax_id_t).
 */
public record SyntaxId(UUID uuid, int major, int minor) {
  /** NDR version 2.0, the one transfer syntax this client speaks. */
  public static final SyntaxId NDR20 = new SyntaxId(UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0);

  public SyntaxId {
    if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
      throw new IllegalArgumentException("syntax version out of range: " + major + "." + minor);
    }
  }

  @Override
  public String toString() {
    return uuid + " v" + major + "." + minor;
  }
}
