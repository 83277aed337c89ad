package org.otactive.probe.wmi.dcom;

import java.util.Objects;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * The ORPCTHIS every DCOM request starts with (MS-DCOM 2.2.13.1): the COM version, flags, and the
 * causality id that ties the calls of one logical thread together. This client sends no
 * extensions.
 *
 * @param flags ORPCF_NULL (0) for an ordinary call
 */
public record OrpcThis(ComVersion version, int flags, UUID causalityId) {
  public static final int ORPCF_NULL = 0;

  public OrpcThis {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(causalityId, "causalityId");
  }

  /** An ordinary call of version 5.7 in the logical thread {@code causalityId}. */
  public static OrpcThis of(UUID causalityId) {
    return new OrpcThis(ComVersion.V5_7, ORPCF_NULL, causalityId);
  }

  public void write(NdrWriter w) {
    w.u16(version.major()).u16(version.minor()).u32(flags).u32(0).uuid(causalityId);
    w.pointer(false); // extensions
  }

  /** Reads one, stepping over any extensions. */
  public static OrpcThis read(NdrReader r) throws NdrException {
    int major = r.u16();
    int minor = r.u16();
    int flags = r.u32();
    r.u32(); // reserved1
    UUID cid = r.uuid();
    if (r.pointer() != 0) OrpcExtents.read(r);
    return new OrpcThis(new ComVersion(major, minor), flags, cid);
  }
}
