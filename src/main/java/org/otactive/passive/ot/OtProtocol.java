package org.otactive.passive.ot;

/** The OT protocols passive analysis recognises, named as the {@code ot-server}/{@code ot-client} attributes say them. */
public enum OtProtocol {
  MODBUS("modbus"),
  S7COMM("s7comm"),
  S7COMM_PLUS("s7comm-plus"),
  ENIP("enip"),
  CIP_IO("cip-io"),
  BACNET("bacnet"),
  DNP3("dnp3"),
  OPCUA("opcua"),
  IEC104("iec104"),
  PROFINET("profinet");

  private final String label;

  OtProtocol(String label) {
    this.label = label;
  }

  /** The vocabulary word, e.g. {@code s7comm-plus}. */
  public String label() {
    return label;
  }

  /** The protocol of a vocabulary word, or null. */
  public static OtProtocol of(String label) {
    for (OtProtocol p : values()) if (p.label.equals(label)) return p;
    return null;
  }
}
