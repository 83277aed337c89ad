package org.otactive.probe.wmi.dcom;

import org.otactive.probe.wmi.rpc.FaultStatus;

/**
 * A DCOM call came back, but with a failing HRESULT: the server understood and refused. The
 * message names the call, the HRESULT and its likely cause.
 */
public final class HresultException extends Exception {
  private final int hresult;
  private final String operation;

  public HresultException(String operation, int hresult) {
    super(operation + " returned " + FaultStatus.explain(hresult));
    this.hresult = hresult;
    this.operation = operation;
  }

  public int hresult() {
    return hresult;
  }

  /** The call that failed, e.g. {@code NTLMLogin}. */
  public String operation() {
    return operation;
  }
}
