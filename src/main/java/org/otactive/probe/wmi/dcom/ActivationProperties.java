package org.otactive.probe.wmi.dcom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.rpc.TypeSerialization;

/**
 * The activation properties BLOB of IRemoteSCMActivator (MS-DCOM 2.2.22): what a client asks to be
 * created, and what the object resolver answers. Pure: bytes in, values out, both directions (the
 * tests' fake Windows host answers with the same codec a client reads with).
 *
 * <p>The BLOB is dwSize, dwReserved, a CustomHeader naming each property by CLSID with its size,
 * then the properties; the header and each property are NDR types wrapped in type serialization
 * version 1 (MS-RPCE 2.2.6), each padded to 8 bytes and with its own referent ids.
 */
public final class ActivationProperties {
  private ActivationProperties() {}

  /** MAX_ACTPROP_LIMIT: at most this many properties in a BLOB. */
  static final int MAX_PROPERTIES = 10;
  /** MAX_REQUESTED_INTERFACES. */
  static final int MAX_INTERFACES = 0x8000;
  /** MSHCTX_DIFFERENTMACHINE. */
  static final int DEST_CONTEXT = 2;
  /** CLSCTX_LOCAL_SERVER | CLSCTX_REMOTE_SERVER, as Windows clients send it. */
  static final int CLASS_CONTEXT = 0x14;
  /** RPC_C_IMP_LEVEL_IDENTIFY, as Windows clients send it. */
  static final int IMPERSONATION_IDENTIFY = 2;

  /**
   * What a client asks: instances of {@code clsid} with the interfaces {@code iids}, reachable over
   * the protocol sequences {@code protocolSequences} (7: TCP).
   */
  public record Request(UUID clsid, List<UUID> iids, List<Integer> protocolSequences) {
    public Request {
      Objects.requireNonNull(clsid, "clsid");
      iids = List.copyOf(iids);
      protocolSequences = List.copyOf(protocolSequences);
      if (iids.isEmpty()) throw new IllegalArgumentException("ask for at least one interface");
    }

    /** One interface of {@code clsid}, over TCP. */
    public static Request tcp(UUID clsid, UUID iid) {
      return new Request(clsid, List.of(iid), List.of(StringBinding.TCP));
    }
  }

  /** The result for one requested interface: an HRESULT and, on success, its reference. */
  public record InterfaceResult(UUID iid, int hresult, Optional<ObjRef> objRef) {}

  /**
   * Where the created object lives: its exporter's OXID and bindings, the IPID of that exporter's
   * IRemUnknown, and the authentication level the exporter hints at.
   */
  public record ScmReply(long oxid, DualStringArray bindings, UUID ipidRemUnknown, int authnHint,
      ComVersion serverVersion) {
    public ScmReply {
      Objects.requireNonNull(bindings, "bindings");
      Objects.requireNonNull(ipidRemUnknown, "ipidRemUnknown");
      Objects.requireNonNull(serverVersion, "serverVersion");
    }
  }

  /** What the object resolver answers. */
  public record Reply(List<InterfaceResult> interfaces, ScmReply scm) {
    public Reply {
      interfaces = List.copyOf(interfaces);
      Objects.requireNonNull(scm, "scm");
    }
  }

  /** One property: its CLSID and its NDR data (before type serialization). */
  private record Property(UUID clsid, byte[] ndr) {}

  // ---- the client's request

  /**
   * The BLOB a client sends: InstantiationInfo, ActivationContextInfo (no client context),
   * LocationInfo (this machine) and ScmRequestInfo, the order Windows clients use.
   */
  public static byte[] encodeRequest(Request request) {
    NdrWriter inst = new NdrWriter();
    inst.uuid(request.clsid()).u32(CLASS_CONTEXT).u32(0).u32(0).u32(request.iids().size()).u32(0);
    inst.pointer(true);
    int instLength = 48 + 4 + 16 * request.iids().size();
    inst.u32(TypeSerialization.HEADERS_LENGTH + ((instLength + 7) & ~7));
    inst.u16(ComVersion.V5_7.major()).u16(ComVersion.V5_7.minor());
    inst.u32(request.iids().size());
    request.iids().forEach(inst::uuid);

    NdrWriter context = new NdrWriter();
    context.u32(0).u32(0).u32(0).u32(0).pointer(false);
    context.pointer(false);

    NdrWriter location = new NdrWriter();
    location.pointer(false);
    location.u32(0).u32(0).u32(0);

    NdrWriter scm = new NdrWriter();
    scm.pointer(false);
    scm.pointer(true);
    scm.u32(IMPERSONATION_IDENTIFY).u16(request.protocolSequences().size()).pointer(true);
    scm.u32(request.protocolSequences().size());
    request.protocolSequences().forEach(scm::u16);

    return encodeBlob(List.of(
        new Property(DcomIds.CLSID_INSTANTIATION_INFO, inst.toByteArray()),
        new Property(DcomIds.CLSID_ACTIVATION_CONTEXT_INFO, context.toByteArray()),
        new Property(DcomIds.CLSID_SERVER_LOCATION_INFO, location.toByteArray()),
        new Property(DcomIds.CLSID_SCM_REQUEST_INFO, scm.toByteArray())));
  }

  /** Reads a client's BLOB (the fake host's side); unknown properties are skipped, as servers should. */
  public static Request decodeRequest(byte[] blob) throws NdrException {
    UUID clsid = null;
    List<UUID> iids = List.of();
    List<Integer> protseqs = List.of();
    boolean scmSeen = false;
    boolean locationSeen = false;
    for (Property p : decodeBlob(blob)) {
      NdrReader r = new NdrReader(p.ndr());
      if (p.clsid().equals(DcomIds.CLSID_INSTANTIATION_INFO)) {
        clsid = r.uuid();
        r.u32(); // classCtx
        r.u32(); // actvflags
        r.u32(); // fIsSurrogate
        int count = r.u32();
        r.u32(); // instFlag
        int pointer = r.pointer();
        r.u32(); // thisSize
        r.u16();
        r.u16();
        if (count < 1 || count > MAX_INTERFACES || pointer == 0) {
          throw new NdrException("InstantiationInfoData asks for " + Integer.toUnsignedString(count) + " interfaces");
        }
        if (r.count("pIID", 16) != count) throw new NdrException("pIID's conformance differs from cIID");
        List<UUID> list = new ArrayList<>();
        for (int i = 0; i < count; i++) list.add(r.uuid());
        iids = list;
      } else if (p.clsid().equals(DcomIds.CLSID_SCM_REQUEST_INFO)) {
        scmSeen = true;
        if (r.pointer() != 0) throw new NdrException("ScmRequestInfoData pdwReserved is not NULL");
        if (r.pointer() != 0) {
          r.u32(); // ClientImpLevel
          int n = r.u16();
          if (r.pointer() != 0) {
            if (r.count("pRequestedProtseqs", 2) != n) throw new NdrException("protseq count differs from its array");
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < n; i++) list.add(r.u16());
            protseqs = list;
          }
        }
      } else if (p.clsid().equals(DcomIds.CLSID_SERVER_LOCATION_INFO)) {
        locationSeen = true;
      }
    }
    if (clsid == null) throw new NdrException("activation properties lack the required InstantiationInfoData");
    if (!scmSeen) throw new NdrException("activation properties lack the required ScmRequestInfoData");
    if (!locationSeen) throw new NdrException("activation properties lack the required LocationInfoData");
    return new Request(clsid, iids, protseqs);
  }

  // ---- the server's reply

  /** The BLOB the object resolver answers: PropsOutInfo, then ScmReplyInfo (Windows' order). */
  public static byte[] encodeReply(Reply reply) {
    List<InterfaceResult> ifs = reply.interfaces();
    NdrWriter props = new NdrWriter();
    props.u32(ifs.size());
    props.pointer(true);
    props.pointer(true);
    props.pointer(true);
    props.u32(ifs.size());
    ifs.forEach(i -> props.uuid(i.iid()));
    props.u32(ifs.size());
    ifs.forEach(i -> props.u32(i.hresult()));
    props.u32(ifs.size());
    for (InterfaceResult i : ifs) props.pointer(i.objRef().isPresent());
    for (InterfaceResult i : ifs) i.objRef().ifPresent(ref -> InterfacePointer.writeReferent(props, ref));

    ScmReply s = reply.scm();
    NdrWriter scm = new NdrWriter();
    scm.pointer(false);
    scm.pointer(true);
    scm.u64(s.oxid());
    scm.pointer(true);
    scm.uuid(s.ipidRemUnknown()).u32(s.authnHint()).u16(s.serverVersion().major()).u16(s.serverVersion().minor());
    s.bindings().writeNdr(scm);

    return encodeBlob(List.of(
        new Property(DcomIds.CLSID_PROPS_OUT_INFO, props.toByteArray()),
        new Property(DcomIds.CLSID_SCM_REPLY_INFO, scm.toByteArray())));
  }

  /** Reads the object resolver's BLOB; both PropsOutInfo and ScmReplyInfo must be there. */
  public static Reply decodeReply(byte[] blob) throws NdrException {
    List<InterfaceResult> interfaces = null;
    ScmReply scm = null;
    for (Property p : decodeBlob(blob)) {
      NdrReader r = new NdrReader(p.ndr());
      if (p.clsid().equals(DcomIds.CLSID_PROPS_OUT_INFO)) {
        interfaces = readPropsOut(r);
      } else if (p.clsid().equals(DcomIds.CLSID_SCM_REPLY_INFO)) {
        if (r.pointer() != 0) throw new NdrException("ScmReplyInfoData pdwReserved is not NULL");
        if (r.pointer() == 0) throw new NdrException("ScmReplyInfoData has no remoteReply");
        long oxid = r.u64();
        int bindings = r.pointer();
        UUID ipid = r.uuid();
        int hint = r.u32();
        ComVersion version = new ComVersion(r.u16(), r.u16());
        if (bindings == 0) throw new NdrException("ScmReplyInfoData has no OXID bindings");
        scm = new ScmReply(oxid, DualStringArray.readNdr(r), ipid, hint, version);
      }
    }
    if (interfaces == null) throw new NdrException("activation reply lacks PropsOutInfo");
    if (scm == null) throw new NdrException("activation reply lacks ScmReplyInfo");
    return new Reply(interfaces, scm);
  }

  private static List<InterfaceResult> readPropsOut(NdrReader r) throws NdrException {
    int n = r.u32();
    if (n < 1 || n > MAX_INTERFACES) throw new NdrException("PropsOutInfo for " + Integer.toUnsignedString(n) + " interfaces");
    boolean iids = r.pointer() != 0;
    boolean results = r.pointer() != 0;
    boolean pointers = r.pointer() != 0;
    if (!iids || !results) throw new NdrException("PropsOutInfo lacks its IIDs or HRESULTs");
    if (r.count("piid", 16) != n) throw new NdrException("piid's conformance differs from cIfs");
    UUID[] iid = new UUID[n];
    for (int i = 0; i < n; i++) iid[i] = r.uuid();
    if (r.count("phresults", 4) != n) throw new NdrException("phresults' conformance differs from cIfs");
    int[] hr = new int[n];
    for (int i = 0; i < n; i++) hr[i] = r.u32();
    boolean[] present = new boolean[n];
    if (pointers) {
      if (r.count("ppIntfData", 4) != n) throw new NdrException("ppIntfData's conformance differs from cIfs");
      for (int i = 0; i < n; i++) present[i] = r.pointer() != 0;
    }
    List<InterfaceResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new InterfaceResult(iid[i], hr[i],
          present[i] ? Optional.of(InterfacePointer.readReferent(r)) : Optional.empty()));
    }
    return out;
  }

  // ---- the BLOB around the properties

  private static byte[] encodeBlob(List<Property> properties) {
    List<byte[]> serialized = properties.stream().map(p -> TypeSerialization.encode(p.ndr())).toList();
    int n = properties.size();
    int headerNdr = 48 + 4 + 16 * n + 4 + 4 * n;
    int headerSize = TypeSerialization.HEADERS_LENGTH + ((headerNdr + 7) & ~7);
    int total = headerSize + serialized.stream().mapToInt(b -> b.length).sum();
    NdrWriter h = new NdrWriter();
    h.u32(total).u32(headerSize).u32(0).u32(DEST_CONTEXT).u32(n).uuid(new UUID(0, 0));
    h.pointer(true);
    h.pointer(true);
    h.pointer(false);
    h.u32(n);
    properties.forEach(p -> h.uuid(p.clsid()));
    h.u32(n);
    serialized.forEach(b -> h.u32(b.length));
    NdrWriter blob = new NdrWriter();
    blob.u32(total).u32(0).bytes(TypeSerialization.encode(h.toByteArray()));
    serialized.forEach(blob::bytes);
    return blob.toByteArray();
  }

  private static List<Property> decodeBlob(byte[] blob) throws NdrException {
    NdrReader r = new NdrReader(blob);
    long size = r.u32() & 0xFFFF_FFFFL;
    r.u32(); // dwReserved
    if (size > r.remaining()) throw new NdrException("activation BLOB of " + size + " bytes, but " + r.remaining() + " follow");
    byte[] body = r.bytes(size);
    NdrReader h = new NdrReader(TypeSerialization.decode(body));
    h.u32(); // totalSize
    long headerSize = h.u32() & 0xFFFF_FFFFL;
    h.u32();
    h.u32(); // destCtx
    int n = h.u32();
    h.uuid(); // classInfoClsid
    if (n < 1 || n > MAX_PROPERTIES) throw new NdrException("activation BLOB of " + Integer.toUnsignedString(n) + " properties");
    boolean clsidsPresent = h.pointer() != 0;
    boolean sizesPresent = h.pointer() != 0;
    boolean reserved = h.pointer() != 0;
    if (!clsidsPresent || !sizesPresent) throw new NdrException("CustomHeader lacks its CLSIDs or sizes");
    if (h.count("pclsid", 16) != n) throw new NdrException("pclsid's conformance differs from cIfs");
    UUID[] clsids = new UUID[n];
    for (int i = 0; i < n; i++) clsids[i] = h.uuid();
    if (h.count("pSizes", 4) != n) throw new NdrException("pSizes' conformance differs from cIfs");
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) lengths[i] = h.u32() & 0xFFFF_FFFFL;
    if (reserved) h.u32(); // pdwReserved's DWORD, ignored
    long at = headerSize;
    List<Property> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long length = lengths[i];
      if (at + length > body.length) {
        throw new NdrException("activation property " + i + " of " + length + " bytes runs past the BLOB");
      }
      out.add(new Property(clsids[i], TypeSerialization.decode(Arrays.copyOfRange(body, (int) at, (int) (at + length)))));
      at += length;
    }
    return out;
  }
}
