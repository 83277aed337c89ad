package org.otactive.probe.wmi.rpc;

/** The server answered a call with a fault PDU; the message names the status. */
public final class RpcFaultException extends RpcException {
  private final int status;

  public RpcFaultException(int status, String context) {
    this(status, context, "");
  }

  /** With {@code hint}, what the fault most likely means in this situation, in plain words. */
  public RpcFaultException(int status, String context, String hint) {
    super(context + ": server answered fault " + FaultStatus.describe(status) + (hint.isEmpty() ? "" : " — " + hint),
        null);
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
