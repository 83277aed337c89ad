package org.otactive.probe.wmi.rpc;

/** Connection-oriented PDU types (C706 12.6.4.1) that this client sends or understands. */
public enum PduType {
  REQUEST(0),
  RESPONSE(2),
  FAULT(3),
  BIND(11),
  BIND_ACK(12),
  BIND_NAK(13),
  ALTER_CONTEXT(14),
  ALTER_CONTEXT_RESP(15),
  AUTH3(16),
  SHUTDOWN(17),
  CO_CANCEL(18),
  ORPHANED(19);

  public final int code;

  PduType(int code) {
    this.code = code;
  }

  /** The type with this code, or null. */
  public static PduType of(int code) {
    for (PduType t : values()) if (t.code == code) return t;
    return null;
  }
}
