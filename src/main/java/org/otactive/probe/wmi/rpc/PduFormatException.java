package org.otactive.probe.wmi.rpc;

/** A DCE/RPC PDU that is malformed; the only exception {@link PduCodec} throws, whatever the bytes. */
public final class PduFormatException extends Exception {
  public PduFormatException(String message) {
    super(message);
  }
}
