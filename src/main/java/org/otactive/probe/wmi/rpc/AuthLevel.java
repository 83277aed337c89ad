package org.otactive.probe.wmi.rpc;

/** DCE/RPC authentication levels (MS-RPCE 2.2.1.1.8). */
public enum AuthLevel {
  NONE(1),
  CONNECT(2),
  CALL(3),
  PKT(4),
  PKT_INTEGRITY(5),
  PKT_PRIVACY(6);

  public final int code;

  AuthLevel(int code) {
    this.code = code;
  }

  public static AuthLevel of(int code) {
    for (AuthLevel l : values()) if (l.code == code) return l;
    return null;
  }

  /** Whether every request and response carries a signature. */
  public boolean signs() {
    return this == PKT_INTEGRITY || this == PKT_PRIVACY;
  }
}
