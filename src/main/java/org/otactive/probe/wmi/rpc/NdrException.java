package org.otactive.probe.wmi.rpc;

/** NDR data that does not fit what was expected; the only exception {@link NdrReader} throws. */
public final class NdrException extends Exception {
  public NdrException(String message) {
    super(message);
  }
}
