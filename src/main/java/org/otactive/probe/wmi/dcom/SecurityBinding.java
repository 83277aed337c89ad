package org.otactive.probe.wmi.dcom;

import java.util.Objects;

/**
 * An authentication service an object exporter accepts (MS-DCOM 2.2.19.4 SECURITYBINDING), with
 * the principal name it goes by (often empty).
 */
public record SecurityBinding(int authnSvc, int authzSvc, String principal) {
  /** RPC_C_AUTHN_WINNT: NTLM. */
  public static final int NTLM = 0x0a;

  public SecurityBinding {
    Objects.requireNonNull(principal, "principal");
    if (authnSvc <= 0 || authnSvc > 0xFFFF || authzSvc < 0 || authzSvc > 0xFFFF) {
      throw new IllegalArgumentException("security binding ids out of range");
    }
    if (principal.indexOf('\0') >= 0) throw new IllegalArgumentException("principal name with a NUL");
  }
}
