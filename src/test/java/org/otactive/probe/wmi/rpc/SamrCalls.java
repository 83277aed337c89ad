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

  /** A security identifier (MS-DTYP RPC_SID). */
  record Sid(int revision, byte[] authority, int[] subAuthorities) {}

  /** SamrLookupDomainInSamServer (opnum 5): a domain's SID by name. */
  static Sid lookupDomain(RpcConnection c, ContextHandle server, String name) throws Exception {
    NdrWriter w = new NdrWriter();
    w.contextHandle(server);
    unicodeString(w, name);
    deferredChars(w, name);
    NdrReader r = new NdrReader(c.call(5, w.toByteArray()));
    if (r.pointer() == 0) throw new AssertionError("no SID for " + name);
    int count = r.count("sub-authorities", 4);
    int revision = r.u8();
    if (r.u8() != count) throw new NdrException("SubAuthorityCount differs from the conformance");
    byte[] authority = r.bytes(6);
    int[] sub = new int[count];
    for (int i = 0; i < count; i++) sub[i] = r.u32();
    status(r.u32(), "SamrLookupDomainInSamServer");
    return new Sid(revision, authority, sub);
  }

  /** SamrOpenDomain (opnum 7). */
  static ContextHandle openDomain(RpcConnection c, ContextHandle server, Sid sid) throws Exception {
    NdrWriter w = new NdrWriter();
    w.contextHandle(server).u32(MAXIMUM_ALLOWED);
    w.u32(sid.subAuthorities().length).u8(sid.revision()).u8(sid.subAuthorities().length).bytes(sid.authority());
    for (int sub : sid.subAuthorities()) w.u32(sub);
    NdrReader r = new NdrReader(c.call(7, w.toByteArray()));
    ContextHandle domain = r.contextHandle();
    status(r.u32(), "SamrOpenDomain");
    return domain;
  }

  /** What SamrLookupNamesInDomain answered: a RID and a SID_NAME_USE per name, and the status. */
  record Lookup(int[] rids, int[] uses, int status) {}

  /** SamrLookupNamesInDomain (opnum 17) of up to 1000 names. */
  static Lookup lookupNames(RpcConnection c, ContextHandle domain, java.util.List<String> names) throws Exception {
    return lookupNames(c, domain, names, null);
  }

  /** The same, with {@code object} as the requests' object UUID (null for none). */
  static Lookup lookupNames(RpcConnection c, ContextHandle domain, java.util.List<String> names, UUID object)
      throws Exception {
    NdrWriter w = new NdrWriter();
    w.contextHandle(domain).u32(names.size());
    w.conformantVarying(1000, 0, names.size());
    for (String n : names) unicodeString(w, n);
    for (String n : names) deferredChars(w, n);
    NdrReader r = new NdrReader(c.call(0, 17, object, w.toByteArray()));
    int[] rids = ulongArray(r);
    int[] uses = ulongArray(r);
    int status = r.u32();
    r.expectEnd();
    return new Lookup(rids, uses, status);
  }

  private static int[] ulongArray(NdrReader r) throws NdrException {
    int count = r.u32();
    if (r.pointer() == 0) return new int[0];
    int n = r.count("ulong array", 4);
    if (n != count) throw new NdrException("Count " + count + " but " + n + " elements");
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = r.u32();
    return out;
  }

  /** An RPC_UNICODE_STRING's fixed part: byte lengths (no NUL) and the buffer pointer. */
  static void unicodeString(NdrWriter w, String s) {
    w.u16(s.length() * 2).u16(s.length() * 2);
    w.pointer(true);
  }

  /** The deferred characters of an RPC_UNICODE_STRING, after the structure that holds it. */
  static void deferredChars(NdrWriter w, String s) {
    w.wideString(s, false);
  }
}
