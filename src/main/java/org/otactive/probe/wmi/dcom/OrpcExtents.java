package org.otactive.probe.wmi.dcom;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;

/**
 * The ORPC_EXTENT_ARRAY an ORPCTHIS or ORPCTHAT may point to (MS-DCOM 2.2.21): extensions such as
 * error information. This client sends none and reads them only to step over them; their ids are
 * kept for messages.
 */
final class OrpcExtents {
  private OrpcExtents() {}

  /** Reads the array after its non-null pointer; returns the extents' ids. */
  static List<UUID> read(NdrReader r) throws NdrException {
    long size = r.u32() & 0xFFFF_FFFFL;
    r.u32(); // reserved
    List<UUID> ids = new ArrayList<>();
    if (r.pointer() == 0) return ids;
    int max = r.count("ORPC extents", 4);
    if (max != ((size + 1) & ~1L)) {
      throw new NdrException("ORPC_EXTENT_ARRAY of size " + size + " has " + max + " extent pointers");
    }
    int[] pointers = new int[max];
    for (int i = 0; i < max; i++) pointers[i] = r.pointer();
    for (int p : pointers) {
      if (p == 0) continue;
      int conformance = r.count("ORPC extent data", 1);
      UUID id = r.uuid();
      long dataSize = r.u32() & 0xFFFF_FFFFL;
      if (((dataSize + 7) & ~7L) != conformance) {
        throw new NdrException("ORPC extent of size " + dataSize + " carries " + conformance + " bytes");
      }
      r.bytes(conformance);
      ids.add(id);
    }
    return ids;
  }
}
