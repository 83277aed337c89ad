package org.otactive.probe.wmi.dcom;

import java.util.Objects;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * A marshalled object reference (MS-DCOM 2.2.18 OBJREF): the bytes inside an MInterfacePointer.
 * Little-endian and naturally aligned, not NDR; it starts with the signature "MEOW", the kind and
 * the interface's IID.
 *
 * <p>{@link Standard} points to an object on an exporter (its identity and where to reach it);
 * {@link Custom} carries the object by value in a format of the class's own (WMI objects travel
 * this way, MS-WMIO); {@link Handler} and {@link Extended} are read so that a reply using them is
 * understood, never sent.
 */
public sealed interface ObjRef {
  int SIGNATURE = 0x574f454d; // "MEOW"
  int FLAGS_STANDARD = 0x1;
  int FLAGS_HANDLER = 0x2;
  int FLAGS_CUSTOM = 0x4;
  int FLAGS_EXTENDED = 0x8;

  UUID iid();

  /** OBJREF_STANDARD: a reference to an object, and the exporter's bindings. */
  record Standard(UUID iid, StdObjRef std, DualStringArray resolverAddress) implements ObjRef {
    public Standard {
      Objects.requireNonNull(iid, "iid");
      Objects.requireNonNull(std, "std");
      Objects.requireNonNull(resolverAddress, "resolverAddress");
    }
  }

  /** OBJREF_HANDLER: a standard reference with a client-side handler class. */
  record Handler(UUID iid, StdObjRef std, UUID clsid, DualStringArray resolverAddress) implements ObjRef {}

  /** OBJREF_CUSTOM: an object marshalled by its class ({@code clsid}) into {@code data}. */
  record Custom(UUID iid, UUID clsid, byte[] data) implements ObjRef {
    public Custom {
      Objects.requireNonNull(iid, "iid");
      Objects.requireNonNull(clsid, "clsid");
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /** OBJREF_EXTENDED: a standard reference with envoy data, kept unread. */
  record Extended(UUID iid, StdObjRef std, DualStringArray resolverAddress) implements ObjRef {}

  /** The OBJREF's bytes. */
  default byte[] encode() {
    NdrWriter w = new NdrWriter();
    w.u32(SIGNATURE);
    switch (this) {
      case Standard s -> {
        w.u32(FLAGS_STANDARD).uuid(s.iid());
        s.std().write(w);
        s.resolverAddress().writeFlat(w);
      }
      case Handler h -> {
        w.u32(FLAGS_HANDLER).uuid(h.iid());
        h.std().write(w);
        w.uuid(h.clsid());
        h.resolverAddress().writeFlat(w);
      }
      case Custom c -> {
        byte[] data = c.data();
        // reserved: the size of what follows the clsid, as Windows fills it
        w.u32(FLAGS_CUSTOM).uuid(c.iid()).uuid(c.clsid()).u32(0).u32(data.length + 8).bytes(data);
      }
      case Extended e -> throw new UnsupportedOperationException("OBJREF_EXTENDED is read, never sent");
    }
    return w.toByteArray();
  }

  /** Reads an OBJREF from an MInterfacePointer's bytes. */
  static ObjRef decode(byte[] b) throws NdrException {
    NdrReader r = new NdrReader(b);
    int signature = r.u32();
    if (signature != SIGNATURE) throw new NdrException(String.format("OBJREF signature 0x%08x is not MEOW", signature));
    int flags = r.u32();
    UUID iid = r.uuid();
    return switch (flags) {
      case FLAGS_STANDARD -> new Standard(iid, StdObjRef.read(r), DualStringArray.readFlat(r));
      case FLAGS_HANDLER -> {
        StdObjRef std = StdObjRef.read(r);
        UUID clsid = r.uuid();
        yield new Handler(iid, std, clsid, DualStringArray.readFlat(r));
      }
      case FLAGS_CUSTOM -> {
        UUID clsid = r.uuid();
        int extension = r.u32();
        if (extension != 0) throw new NdrException("OBJREF_CUSTOM cbExtension is " + extension + ", not 0");
        r.u32(); // reserved
        yield new Custom(iid, clsid, r.bytes(r.remaining()));
      }
      case FLAGS_EXTENDED -> {
        StdObjRef std = StdObjRef.read(r);
        r.u32(); // Signature1
        yield new Extended(iid, std, DualStringArray.readFlat(r));
      }
      default -> throw new NdrException(String.format("OBJREF flags 0x%x name no known kind", flags));
    };
  }
}
