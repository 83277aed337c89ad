package org.otactive.probe.wmi.dcom;

import java.util.Objects;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * The identity of a marshalled interface pointer (MS-DCOM 2.2.18.2 STDOBJREF): which object
 * exporter (OXID), which object (OID), which interface on it (IPID), and how many public
 * references the receiver now holds and must give back with RemRelease.
 */
public record StdObjRef(int flags, int publicRefs, long oxid, long oid, UUID ipid) {
  /** SORF_NOPING: the object needs no pinging. */
  public static final int SORF_NOPING = 0x1000;

  public StdObjRef {
    Objects.requireNonNull(ipid, "ipid");
  }

  void write(NdrWriter w) {
    w.u32(flags).u32(publicRefs).u64(oxid).u64(oid).uuid(ipid);
  }

  static StdObjRef read(NdrReader r) throws NdrException {
    int flags = r.u32();
    int refs = r.u32();
    long oxid = r.u64();
    long oid = r.u64();
    return new StdObjRef(flags, refs, oxid, oid, r.uuid());
  }

  /** The OXID as Windows tools print it. */
  public static String hex(long id) {
    return String.format("0x%016x", id);
  }
}
