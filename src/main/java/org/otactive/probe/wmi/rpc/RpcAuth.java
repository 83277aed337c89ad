package org.otactive.probe.wmi.rpc;

import java.util.Objects;
import org.otactive.probe.wmi.ntlm.Credentials;

/** How a connection authenticates: not at all (the endpoint mapper), or NTLM at a level. */
public sealed interface RpcAuth {
  /** No authentication: only for the endpoint mapper, which asks for none. */
  record None() implements RpcAuth {}

  /**
   * NTLM at {@code level}: {@link AuthLevel#PKT_PRIVACY} by default; {@link AuthLevel#PKT_INTEGRITY}
   * when asked; {@link AuthLevel#CONNECT} only when a user asks for it explicitly (hardened Windows
   * refuses it).
   */
  record Ntlm(Credentials credentials, AuthLevel level, String workstation) implements RpcAuth {
    public Ntlm {
      Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(workstation, "workstation");
      if (level != AuthLevel.CONNECT && level != AuthLevel.PKT_INTEGRITY && level != AuthLevel.PKT_PRIVACY) {
        throw new IllegalArgumentException("NTLM level must be CONNECT, PKT_INTEGRITY or PKT_PRIVACY, not " + level);
      }
    }
  }

  static RpcAuth none() {
    return new None();
  }

  /** NTLM with packet privacy, the default. */
  static RpcAuth privacy(Credentials credentials) {
    return new Ntlm(credentials, AuthLevel.PKT_PRIVACY, "");
  }

  static RpcAuth integrity(Credentials credentials) {
    return new Ntlm(credentials, AuthLevel.PKT_INTEGRITY, "");
  }
}
