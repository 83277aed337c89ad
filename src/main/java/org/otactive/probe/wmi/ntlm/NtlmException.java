package org.otactive.probe.wmi.ntlm;

/** Something NTLM could not accept: a malformed message, a refused option or a bad signature. */
public sealed class NtlmException extends Exception permits NtlmFormatException, NtlmSignatureException {
  NtlmException(String message) {
    super(message);
  }
}
