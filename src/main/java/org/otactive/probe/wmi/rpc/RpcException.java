package org.otactive.probe.wmi.rpc;

/**
 * Why an RPC conversation failed, in words a user can act on. The subclasses are the closed set a
 * probe turns into an outcome: the server's fault, a refused bind, a security failure, or a peer
 * that broke the protocol.
 */
public abstract sealed class RpcException extends Exception
    permits RpcFaultException, RpcBindException, RpcSecurityException, RpcProtocolException {
  RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
