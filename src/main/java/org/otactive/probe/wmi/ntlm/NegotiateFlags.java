package org.otactive.probe.wmi.ntlm;

import java.util.ArrayList;
import java.util.List;

/** The NegotiateFlags bits of MS-NLMP 2.2.2.5 that this client sends or looks at. */
public final class NegotiateFlags {
  private NegotiateFlags() {}

  public static final int UNICODE = 0x0000_0001;
  public static final int OEM = 0x0000_0002;
  public static final int REQUEST_TARGET = 0x0000_0004;
  public static final int SIGN = 0x0000_0010;
  public static final int SEAL = 0x0000_0020;
  public static final int LM_KEY = 0x0000_0080;
  public static final int NTLM = 0x0000_0200;
  public static final int ANONYMOUS = 0x0000_0800;
  public static final int ALWAYS_SIGN = 0x0000_8000;
  public static final int TARGET_TYPE_DOMAIN = 0x0001_0000;
  public static final int TARGET_TYPE_SERVER = 0x0002_0000;
  public static final int EXTENDED_SESSION_SECURITY = 0x0008_0000;
  public static final int IDENTIFY = 0x0010_0000;
  public static final int TARGET_INFO = 0x0080_0000;
  public static final int VERSION = 0x0200_0000;
  public static final int NEGOTIATE_128 = 0x2000_0000;
  public static final int KEY_EXCH = 0x4000_0000;
  public static final int NEGOTIATE_56 = 0x8000_0000;

  public static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }

  /** Names of the set bits, for error messages. */
  public static String describe(int flags) {
    List<String> names = new ArrayList<>();
    String[] known = {
      "UNICODE", "OEM", "REQUEST_TARGET", null, "SIGN", "SEAL", "DATAGRAM", "LM_KEY",
      null, "NTLM", null, "ANONYMOUS", "OEM_DOMAIN", "OEM_WORKSTATION", null, "ALWAYS_SIGN",
      "TARGET_TYPE_DOMAIN", "TARGET_TYPE_SERVER", null, "EXTENDED_SESSION_SECURITY", "IDENTIFY", null,
      "REQUEST_NON_NT_SESSION_KEY", "TARGET_INFO", null, "VERSION", null, null, null, "128", "KEY_EXCH", "56"
    };
    for (int bit = 0; bit < 32; bit++) {
      if ((flags & (1 << bit)) != 0) names.add(known[bit] != null ? known[bit] : "bit" + bit);
    }
    return String.join("|", names);
  }
}
