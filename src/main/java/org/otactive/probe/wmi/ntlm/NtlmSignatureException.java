package org.otactive.probe.wmi.ntlm;

/** A signed or sealed message whose signature does not verify: altered, replayed or out of order. */
public final class NtlmSignatureException extends NtlmException {
  public NtlmSignatureException(String message) {
    super(message);
  }
}
