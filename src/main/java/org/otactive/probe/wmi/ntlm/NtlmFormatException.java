package org.otactive.probe.wmi.ntlm;

/**
 * An NTLM message that is malformed, or that asks for something this client will not do. The
 * only exception the NTLM decoders throw, whatever the bytes.
 */
public final class NtlmFormatException extends NtlmException {
  public NtlmFormatException(String message) {
    super(message);
  }
}
