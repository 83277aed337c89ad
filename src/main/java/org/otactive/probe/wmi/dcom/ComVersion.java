package org.otactive.probe.wmi.dcom;

/** A DCOM protocol version (MS-DCOM 2.2.11 COMVERSION); this client speaks 5.7. */
public record ComVersion(int major, int minor) {
  public static final ComVersion V5_7 = new ComVersion(5, 7);

  public ComVersion {
    if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
      throw new IllegalArgumentException("COM version out of range: " + major + "." + minor);
    }
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
