package org.otactive.probe.wmi.dcom;

import java.util.List;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * The ORPCTHAT every DCOM response starts with (MS-DCOM 2.2.13.2): flags and optional extensions,
 * whose ids are kept (a server may attach error information to a failed call).
 */
public record OrpcThat(int flags, List<UUID> extensions) {
  public OrpcThat {
    extensions = List.copyOf(extensions);
  }

  /** What a server answers when it has nothing to add. */
  public static final OrpcThat EMPTY = new OrpcThat(0, List.of());

  /** Writes this (a server's side; extensions are not sent). */
  public void write(NdrWriter w) {
    w.u32(flags);
    w.pointer(false);
  }

  public static OrpcThat read(NdrReader r) throws NdrException {
    int flags = r.u32();
    List<UUID> ext = r.pointer() == 0 ? List.of() : OrpcExtents.read(r);
    return new OrpcThat(flags, ext);
  }
}
