package org.otactive.probe.wmi.rpc;

/**
 * The sec_trailer and auth_value at the end of an authenticated PDU (MS-RPCE 2.2.2.11).
 *
 * @param authType the security provider, {@link #NTLM} here
 * @param level the authentication level code
 * @param padLength bytes of padding between the stub and this trailer
 * @param contextId the security context's id on this connection
 * @param token the provider's bytes: an NTLM message during bind, a signature afterwards
 */
public record AuthVerifier(int authType, int level, int padLength, int contextId, byte[] token) {
  /** RPC_C_AUTHN_WINNT. */
  public static final int NTLM = 10;
  /** The stub is padded to this so the trailer is aligned for every provider. */
  public static final int STUB_ALIGNMENT = 16;

  public AuthVerifier {
    if (authType < 0 || authType > 0xFF || level < 0 || level > 0xFF || padLength < 0 || padLength > 0xFF) {
      throw new IllegalArgumentException("sec_trailer field out of range");
    }
    token = token.clone();
  }

  /** The padding that aligns a stub of {@code stubLength} bytes. */
  public static int padFor(int stubLength) {
    return (STUB_ALIGNMENT - stubLength % STUB_ALIGNMENT) % STUB_ALIGNMENT;
  }

  @Override
  public byte[] token() {
    return token.clone();
  }
}
