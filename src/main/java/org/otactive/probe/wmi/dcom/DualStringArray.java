package org.otactive.probe.wmi.dcom;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * How to reach an object exporter and how it authenticates (MS-DCOM 2.2.19.2 DUALSTRINGARRAY):
 * string bindings, then security bindings, in one array of 16-bit units. Each part is a list of
 * NUL-terminated entries closed by one more NUL (two when the list is empty); wSecurityOffset says
 * where the second part starts.
 *
 * <p>It travels in two forms: flat inside an OBJREF, and as an NDR conformant structure (its unit
 * count first) in an activation reply.
 */
public record DualStringArray(List<StringBinding> stringBindings, List<SecurityBinding> securityBindings) {
  public DualStringArray {
    stringBindings = List.copyOf(stringBindings);
    securityBindings = List.copyOf(securityBindings);
  }

  /**
   * The port of the first TCP string binding that names one. Only the port: the address in the
   * binding is the host's idea of itself and may be out of a scan's scope.
   */
  public OptionalInt firstTcpPort() {
    for (StringBinding b : stringBindings) {
      if (b.towerId() == StringBinding.TCP) return b.tcpPort();
    }
    return OptionalInt.empty();
  }

  private char[] units() {
    StringBuilder s = new StringBuilder();
    for (StringBinding b : stringBindings) s.append((char) b.towerId()).append(b.networkAddress()).append('\0');
    if (stringBindings.isEmpty()) s.append('\0');
    s.append('\0');
    for (SecurityBinding b : securityBindings) {
      s.append((char) b.authnSvc()).append((char) b.authzSvc()).append(b.principal()).append('\0');
    }
    if (securityBindings.isEmpty()) s.append('\0');
    s.append('\0');
    return s.toString().toCharArray();
  }

  private int securityOffset() {
    int n = 1;
    for (StringBinding b : stringBindings) n += 2 + b.networkAddress().length();
    return stringBindings.isEmpty() ? 2 : n;
  }

  /** The flat form, as inside an OBJREF. */
  public void writeFlat(NdrWriter w) {
    char[] u = units();
    w.u16(u.length).u16(securityOffset());
    for (char c : u) w.u16(c);
  }

  /** The NDR form: a conformant structure, its unit count first. */
  public void writeNdr(NdrWriter w) {
    w.u32(units().length);
    writeFlat(w);
  }

  public static DualStringArray readFlat(NdrReader r) throws NdrException {
    int entries = r.u16();
    int securityOffset = r.u16();
    return parse(r, entries, securityOffset);
  }

  public static DualStringArray readNdr(NdrReader r) throws NdrException {
    int max = r.count("DUALSTRINGARRAY", 2);
    int entries = r.u16();
    int securityOffset = r.u16();
    if (entries != max) throw new NdrException("DUALSTRINGARRAY of " + entries + " units with conformance " + max);
    return parse(r, entries, securityOffset);
  }

  private static DualStringArray parse(NdrReader r, int entries, int securityOffset) throws NdrException {
    if (securityOffset > entries) {
      throw new NdrException("DUALSTRINGARRAY security offset " + securityOffset + " beyond its " + entries + " units");
    }
    if (2L * entries > r.remaining()) {
      throw new NdrException("DUALSTRINGARRAY of " + entries + " units in " + r.remaining() + " bytes");
    }
    char[] u = new char[entries];
    for (int i = 0; i < entries; i++) u[i] = (char) r.u16();
    List<StringBinding> strings = new ArrayList<>();
    int at = 0;
    while (at < securityOffset && u[at] != 0) {
      int tower = u[at++];
      int end = terminator(u, at, securityOffset, "string binding");
      strings.add(new StringBinding(tower, new String(u, at, end - at)));
      at = end + 1;
    }
    List<SecurityBinding> security = new ArrayList<>();
    at = securityOffset;
    while (at < entries && u[at] != 0) {
      if (at + 1 >= entries) throw new NdrException("DUALSTRINGARRAY security binding cut short");
      int authn = u[at];
      int authz = u[at + 1];
      int end = terminator(u, at + 2, entries, "security binding");
      security.add(new SecurityBinding(authn, authz, new String(u, at + 2, end - at - 2)));
      at = end + 1;
    }
    return new DualStringArray(strings, security);
  }

  private static int terminator(char[] u, int from, int limit, String what) throws NdrException {
    for (int i = from; i < limit; i++) if (u[i] == 0) return i;
    throw new NdrException("DUALSTRINGARRAY " + what + " has no terminating NUL");
  }
}
