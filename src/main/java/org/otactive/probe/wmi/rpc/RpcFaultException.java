package org.otactive.probe.wmi.rpc;

/** The server answered a call with a fault PDU; the message names the status. */
public final class RpcFaultException extends RpcException {
  private final int status;

  public RpcFaultException(int status, String context) {
    super(context + ": server answered fault " + FaultStatus.describe(status), null);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** Whether the server said we lack the rights (access denied, or the security package refused us). */
  public boolean isDenied() {
    return status == FaultStatus.ACCESS_DENIED || status == FaultStatus.RPC_S_SEC_PKG_ERROR;
  }
}
