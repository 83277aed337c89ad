package org.otactive.probe.wmi.dcom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * {@code IRemUnknown::RemRelease} (MS-DCOM 3.1.1.5.6.1.3, opnum 5): gives references back to an
 * object exporter, through the exporter's own IRemUnknown IPID. Pure stubs for both sides.
 */
public final class RemUnknown {
  private RemUnknown() {}

  public static final int OPNUM_REM_RELEASE = 5;

  /** REMINTERFACEREF: references to give back on one interface pointer. */
  public record InterfaceRef(UUID ipid, int publicRefs, int privateRefs) {
    public InterfaceRef {
      Objects.requireNonNull(ipid, "ipid");
    }
  }

  public static byte[] releaseRequest(OrpcThis orpc, List<InterfaceRef> refs) {
    if (refs.isEmpty() || refs.size() > 0xFFFF) throw new IllegalArgumentException("release 1 to 65535 references");
    NdrWriter w = new NdrWriter();
    orpc.write(w);
    w.u16(refs.size());
    w.u32(refs.size());
    for (InterfaceRef ref : refs) w.uuid(ref.ipid()).u32(ref.publicRefs()).u32(ref.privateRefs());
    return w.toByteArray();
  }

  /** A RemRelease request as a server reads it. */
  public record Release(OrpcThis orpcThis, List<InterfaceRef> refs) {}

  public static Release parseReleaseRequest(byte[] stub) throws NdrException {
    NdrReader r = new NdrReader(stub);
    OrpcThis orpc = OrpcThis.read(r);
    int n = r.u16();
    if (r.count("InterfaceRefs", 24) != n) throw new NdrException("InterfaceRefs' conformance differs from cInterfaceRefs");
    List<InterfaceRef> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) refs.add(new InterfaceRef(r.uuid(), r.u32(), r.u32()));
    return new Release(orpc, refs);
  }

  /** The response: ORPCTHAT and the HRESULT. */
  public static byte[] releaseResponse(int hresult) {
    NdrWriter w = new NdrWriter();
    OrpcThat.EMPTY.write(w);
    return w.u32(hresult).toByteArray();
  }
}
