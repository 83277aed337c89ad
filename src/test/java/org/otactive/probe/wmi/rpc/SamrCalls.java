package org.otactive.probe.wmi.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The two samr calls (MS-SAMR) the transport tests make against Samba. */
final class SamrCalls {
  private SamrCalls() {}

  static final SyntaxId INTERFACE = new SyntaxId(UUID.fromString("12345778-1234-abcd-ef00-0123456789ac"), 1, 0);
  static final int MAXIMUM_ALLOWED = 0x0200_0000;

  /** SamrConnect (opnum 0) with no server name. */
  static ContextHandle connect(RpcConnection c) throws Exception {
    NdrWriter w = new NdrWriter();
    w.pointer(false);
    w.u32(MAXIMUM_ALLOWED);
    NdrReader r = new NdrReader(c.call(0, w.toByteArray()));
    ContextHandle handle = r.contextHandle();
    status(r.u32(), "SamrConnect");
    r.expectEnd();
    return handle;
  }

  /** SamrEnumerateDomainsInSamServer (opnum 6): the domains' names. */
  static List<String> enumerateDomains(RpcConnection c, ContextHandle server) throws Exception {
    NdrWriter w = new NdrWriter();
    w.contextHandle(server).u32(0).u32(0x10000);
    NdrReader r = new NdrReader(c.call(6, w.toByteArray()));
    r.u32(); // enumeration context
    List<String> names = new ArrayList<>();
    if (r.pointer() != 0) {
      int entries = r.u32();
      if (r.pointer() != 0) {
        int n = r.count("domains", 12);
        if (n != entries) throw new NdrException("EntriesRead " + entries + " but " + n + " entries");
        int[] pointers = new int[n];
        for (int i = 0; i < n; i++) {
          r.u32(); // RelativeId
          r.u16();
          r.u16();
          pointers[i] = r.pointer();
        }
        for (int p : pointers) if (p != 0) names.add(r.wideString());
      }
    }
    r.u32(); // CountReturned
    status(r.u32(), "SamrEnumerateDomainsInSamServer");
    r.expectEnd();
    return names;
  }

  static void status(int status, String call) {
    if (status != 0) throw new AssertionError(call + " returned NTSTATUS " + String.format("0x%08x", status));
  }
}
