package org.otactive.probe.wmi.rpc;

/**
 * Authentication or message protection failed: the server's NTLM CHALLENGE was unacceptable, or a
 * response's signature did not verify (altered in transit, or a peer without the session key).
 */
public final class RpcSecurityException extends RpcException {
  public RpcSecurityException(String message, Throwable cause) {
    super(message, cause);
  }
}
