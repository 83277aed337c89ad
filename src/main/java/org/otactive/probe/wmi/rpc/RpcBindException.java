package org.otactive.probe.wmi.rpc;

/** The server refused the association (bind_nak) or the interface (a rejected presentation context). */
public final class RpcBindException extends RpcException {
  public RpcBindException(String message) {
    super(message, null);
  }
}
