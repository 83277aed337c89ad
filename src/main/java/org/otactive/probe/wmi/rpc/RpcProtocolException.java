package org.otactive.probe.wmi.rpc;

/** The peer sent something malformed or unexpected for the conversation. */
public final class RpcProtocolException extends RpcException {
  public RpcProtocolException(String message, Throwable cause) {
    super(message, cause);
  }

  public RpcProtocolException(String message) {
    super(message, null);
  }
}
