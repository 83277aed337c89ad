package org.otactive.probe.wmi.dcom;

import java.util.Optional;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * An interface pointer parameter: a unique pointer to an MInterfacePointer (MS-DCOM 2.2.14), a
 * conformant structure of its byte count and an OBJREF's bytes.
 */
public final class InterfacePointer {
  private InterfacePointer() {}

  /** The largest OBJREF accepted, against a count meant to make the reader allocate. */
  static final int MAX_BYTES = 16 << 20;

  /** Writes {@code ref} as a unique pointer and its MInterfacePointer; null as a null pointer. */
  public static void write(NdrWriter w, ObjRef ref) {
    if (!w.pointer(ref != null)) return;
    writeReferent(w, ref);
  }

  /** The MInterfacePointer itself, for a pointer written earlier (deferred in an array). */
  public static void writeReferent(NdrWriter w, ObjRef ref) {
    byte[] b = ref.encode();
    w.u32(b.length).u32(b.length).bytes(b);
  }

  /** Reads a unique pointer and its MInterfacePointer; empty for a null pointer. */
  public static Optional<ObjRef> read(NdrReader r) throws NdrException {
    if (r.pointer() == 0) return Optional.empty();
    return Optional.of(readReferent(r));
  }

  /** Reads the MInterfacePointer of a pointer read earlier. */
  public static ObjRef readReferent(NdrReader r) throws NdrException {
    int max = r.count("MInterfacePointer", 1);
    int count = r.u32();
    if (count != max) throw new NdrException("MInterfacePointer ulCntData " + count + " with conformance " + max);
    if (count > MAX_BYTES) throw new NdrException("MInterfacePointer of " + count + " bytes");
    return ObjRef.decode(r.bytes(count));
  }
}
