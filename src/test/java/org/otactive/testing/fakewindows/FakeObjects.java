package org.otactive.testing.fakewindows;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.otactive.probe.wmi.dcom.DualStringArray;
import org.otactive.probe.wmi.dcom.ObjRef;
import org.otactive.probe.wmi.dcom.SecurityBinding;
import org.otactive.probe.wmi.dcom.StdObjRef;
import org.otactive.probe.wmi.dcom.StringBinding;
import org.otactive.probe.wmi.wmio.WmiInstance;

/**
 * The objects a fake host has exported: one object exporter (one OXID, one IRemUnknown), the
 * interface pointers it handed out by IPID, each with the public references the clients hold.
 * A pointer whose references all came back is gone: calls to it are answered RPC_E_DISCONNECTED.
 */
final class FakeObjects {
  /** Windows hands out 5 public references with each marshalled pointer. */
  static final int REFS_PER_MARSHAL = 5;

  sealed interface Exported {}

  record Login() implements Exported {}

  record Services(String namespace) implements Exported {}

  /** An enumeration and where it stands. */
  static final class Enumerator implements Exported {
    final List<WmiInstance> rows;
    int position;
    boolean timedOutOnce;

    Enumerator(List<WmiInstance> rows) {
      this.rows = List.copyOf(rows);
    }
  }

  record Entry(UUID iid, Exported object, int[] refs) {}

  private final SecureRandom random = new SecureRandom();
  final long oxid = random.nextLong();
  final UUID ipidRemUnknown = ipid();
  private final Map<UUID, Entry> byIpid = new ConcurrentHashMap<>();

  /** IPIDs as Windows makes them look: a counter, the process, then random. */
  private UUID ipid() {
    return new UUID((long) (random.nextInt(0xFFFF) + 1) << 32 | 0x0530_0000L, random.nextLong());
  }

  /** Exports {@code object} under a new IPID and marshals a standard reference to it. */
  synchronized ObjRef.Standard marshal(Exported object, UUID iid, DualStringArray resolver) {
    UUID ipid = ipid();
    byIpid.put(ipid, new Entry(iid, object, new int[] {REFS_PER_MARSHAL}));
    return new ObjRef.Standard(iid, new StdObjRef(0, REFS_PER_MARSHAL, oxid, random.nextLong(), ipid), resolver);
  }

  Entry find(UUID ipid) {
    return ipid == null ? null : byIpid.get(ipid);
  }

  /** Takes references back; returns false when the IPID is unknown. */
  synchronized boolean release(UUID ipid, int publicRefs) {
    Entry e = byIpid.get(ipid);
    if (e == null) return false;
    e.refs()[0] -= publicRefs;
    if (e.refs()[0] <= 0) byIpid.remove(ipid);
    return true;
  }

  /** Interface pointers still exported (their references not all given back). */
  int exported() {
    return byIpid.size();
  }

  /** The resolver address inside OBJREFs, shaped as a Windows host's: names, then security services. */
  static DualStringArray resolverAddress(String computerName, String address) {
    List<SecurityBinding> security = new java.util.ArrayList<>();
    for (int svc : new int[] {0x09, 0x1e, 0x10, 0x0a, 0x16, 0x1f, 0x0e}) security.add(new SecurityBinding(svc, 0xffff, ""));
    return new DualStringArray(List.of(new StringBinding(StringBinding.TCP, computerName.toLowerCase(java.util.Locale.ROOT)),
        new StringBinding(StringBinding.TCP, address)), security);
  }
}
