package org.otactive.probe.wmi.dcom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.rpc.TypeSerialization;

/**
 * The DCOM structures of MS-DCOM 2.2, checked against the sizes a real Windows Server 2016 put on
 * the wire (read with tshark from the public capture LM_WMI_ProcessCallCreate.pcapng of
 * sbousseaden/PCAP-ATTACK, which is not part of this repository): the same values encoded here
 * must take the same room, field for field.
 */
class DcomCodecTest {
  static final HexFormat HEX = HexFormat.of();
  static final UUID IID_WBEM_LEVEL1_LOGIN = UUID.fromString("f309ad18-d86a-11d0-a075-00c04fb68820");
  static final UUID CLSID_WBEM_LEVEL1_LOGIN = UUID.fromString("8bc3f05e-d86b-11d0-a075-00c04fb68820");

  /** The exporter bindings the Windows host answered its activation with. */
  static DualStringArray windowsOxidBindings() {
    String system = "NT AUTHORITY\\SYSTEM";
    String host = "host/01566s-win16-ir.threebeesco.com";
    return new DualStringArray(List.of(
        new StringBinding(0x0f, "\\\\\\\\01566S-WIN16-IR[\\\\PIPE\\\\atsvc]"),
        new StringBinding(0x0f, "\\\\\\\\01566S-WIN16-IR[\\\\pipe\\\\SessEnvPublicRpc]"),
        new StringBinding(0x07, "01566s-win16-ir[49670]"),
        new StringBinding(0x07, "172.16.66.36[49670]")), List.of(
        new SecurityBinding(0x0a, 0xffff, system), new SecurityBinding(0x1e, 0xffff, system),
        new SecurityBinding(0x10, 0xffff, host), new SecurityBinding(0x09, 0xffff, host),
        new SecurityBinding(0x16, 0xffff, system), new SecurityBinding(0x1f, 0xffff, system)));
  }

  /** The resolver address inside the OBJREFs the same host returned. */
  static DualStringArray windowsResolverAddress() {
    List<SecurityBinding> security = new java.util.ArrayList<>();
    for (int svc : new int[] {0x09, 0x1e, 0x10, 0x0a, 0x16, 0x1f, 0x0e}) security.add(new SecurityBinding(svc, 0xffff, ""));
    return new DualStringArray(List.of(new StringBinding(7, "01566s-win16-ir"), new StringBinding(7, "172.16.66.36")),
        security);
  }

  static ObjRef.Standard windowsLoginRef() {
    return new ObjRef.Standard(IID_WBEM_LEVEL1_LOGIN, new StdObjRef(0, 5, 0x053773507f213667L, 0xf6e3db6450cca71aL,
        UUID.fromString("00014006-0530-0000-0333-997691ea98ab")), windowsResolverAddress());
  }

  @Test
  void dualStringArray_countsUnitsAndSecurityOffsetAsWindowsDoes() throws Exception {
    NdrWriter w = new NdrWriter();
    windowsOxidBindings().writeNdr(w);
    NdrReader r = new NdrReader(w.toByteArray());
    assertThat(r.u32()).as("conformance").isEqualTo(296);
    assertThat(r.u16()).as("wNumEntries").isEqualTo(296);
    assertThat(r.u16()).as("wSecurityOffset").isEqualTo(129);
    assertThat(DualStringArray.readNdr(new NdrReader(w.toByteArray()))).isEqualTo(windowsOxidBindings());
    // the first TCP binding names the host by name; only its port is used
    assertThat(windowsOxidBindings().firstTcpPort()).hasValue(49670);

    NdrWriter flat = new NdrWriter();
    windowsResolverAddress().writeFlat(flat);
    assertThat(HEX.formatHex(flat.toByteArray(), 0, 4)).as("54 units, security at 32").isEqualTo("36002000");
  }

  @Test
  void emptyBindingListsAreTwoNulsEach() throws Exception {
    NdrWriter w = new NdrWriter();
    new DualStringArray(List.of(), List.of()).writeFlat(w);
    assertThat(HEX.formatHex(w.toByteArray())).isEqualTo("0400" + "0200" + "00000000" + "00000000");
    assertThat(DualStringArray.readFlat(new NdrReader(w.toByteArray()))).isEqualTo(new DualStringArray(List.of(), List.of()));
  }

  @Test
  void standardObjRef_takesTheRoomOfWindowsOne() throws Exception {
    byte[] b = windowsLoginRef().encode();
    assertThat(b).as("CntData of the IWbemLevel1Login pointer").hasSize(176);
    assertThat(HEX.formatHex(b, 0, 8)).isEqualTo("4d454f57" + "01000000");
    assertThat(ObjRef.decode(b)).isEqualTo(windowsLoginRef());
  }

  @Test
  void activationReply_propertiesHaveWindowsSizes() throws Exception {
    ActivationProperties.Reply reply = new ActivationProperties.Reply(
        List.of(new ActivationProperties.InterfaceResult(IID_WBEM_LEVEL1_LOGIN, 0, Optional.of(windowsLoginRef()))),
        new ActivationProperties.ScmReply(0x053773507f213667L, windowsOxidBindings(),
            UUID.fromString("0000c000-0530-0000-7d85-2faeeac5c880"), 4, ComVersion.V5_7));
    byte[] blob = ActivationProperties.encodeReply(reply);
    NdrReader r = new NdrReader(blob);
    assertThat(r.u32()).as("dwSize, Totalsize").isEqualTo(1032);
    r.u32();
    assertThat(r.u32()).as("CustomHeader common header").isEqualTo(0x00081001);
    r.u32();
    assertThat(r.u32()).as("CustomHeader ObjectBufferLength").isEqualTo(96);
    r.u32();
    assertThat(r.u32()).as("totalSize").isEqualTo(1032);
    assertThat(r.u32()).as("CustomHeaderSize").isEqualTo(112);
    byte[] stub = RemoteActivation.response(OrpcThat.EMPTY, reply, 0);
    NdrReader s = new NdrReader(stub);
    OrpcThat.read(s);
    s.pointer();
    assertThat(s.u32()).as("CntData of ppActProperties").isEqualTo(1088);
    // the sizes array sits at the end of the CustomHeader: PropsOutInfo 256, ScmReplyInfo 664
    NdrReader sizes = new NdrReader(java.util.Arrays.copyOfRange(blob, 8 + 112 - 12, 8 + 112));
    assertThat(sizes.u32()).as("conformance").isEqualTo(2);
    assertThat(sizes.u32()).isEqualTo(256);
    assertThat(sizes.u32()).isEqualTo(664);
    assertThat(ActivationProperties.decodeReply(blob)).isEqualTo(reply);
    RemoteActivation.Response back = RemoteActivation.parseResponse(stub);
    assertThat(back.hresult()).isZero();
    assertThat(back.reply()).contains(reply);
  }

  @Test
  void activationRequest_propertiesHaveTheSizesOfAWindowsClients() throws Exception {
    ActivationProperties.Request request = ActivationProperties.Request.tcp(CLSID_WBEM_LEVEL1_LOGIN, IID_WBEM_LEVEL1_LOGIN);
    byte[] blob = ActivationProperties.encodeRequest(request);
    NdrReader r = new NdrReader(blob);
    int total = r.u32();
    assertThat(total).isEqualTo(blob.length - 8);
    // the header (16 + 48 + 4 + 64 + 4 + 16 = 152) and four properties: InstantiationInfo 88 as
    // Windows' (thisSize 88), ActivationContextInfo 40 (Windows sends a client context: 144),
    // LocationInfo 32 and ScmRequestInfo 48 as Windows'
    assertThat(total).isEqualTo(152 + 88 + 40 + 32 + 48);
    byte[] instantiation = java.util.Arrays.copyOfRange(blob, 8 + 152, 8 + 152 + 88);
    NdrReader inst = new NdrReader(TypeSerialization.decode(instantiation));
    assertThat(inst.uuid()).isEqualTo(CLSID_WBEM_LEVEL1_LOGIN);
    assertThat(inst.u32()).as("classCtx").isEqualTo(0x14);
    inst.u32();
    inst.u32();
    assertThat(inst.u32()).as("cIID").isEqualTo(1);
    inst.u32();
    inst.pointer();
    assertThat(inst.u32()).as("thisSize").isEqualTo(88);
    assertThat(inst.u16()).isEqualTo(5);
    assertThat(inst.u16()).isEqualTo(7);
    assertThat(ActivationProperties.decodeRequest(blob)).isEqualTo(request);

    UUID cid = UUID.fromString("fd7ed21b-dac9-49d2-aadd-65b0c706fc49");
    RemoteActivation.Call call = RemoteActivation.parseRequest(RemoteActivation.request(OrpcThis.of(cid), request));
    assertThat(call.request()).isEqualTo(request);
    assertThat(call.orpcThis().causalityId()).isEqualTo(cid);
  }

  @Test
  void orpcThis_isTheThirtyTwoBytesWindowsSends() {
    NdrWriter w = new NdrWriter();
    OrpcThis.of(UUID.fromString("fd7ed21b-dac9-49d2-aadd-65b0c706fc49")).write(w);
    assertThat(HEX.formatHex(w.toByteArray())).isEqualTo(
        "05000700" + "00000000" + "00000000" + "1bd27efdc9dad249aadd65b0c706fc49" + "00000000");
  }

  @Test
  void orpcThatExtensionsAreSteppedOver() throws Exception {
    NdrWriter w = new NdrWriter();
    w.u32(0).pointer(true); // flags, extensions
    w.u32(1).u32(0).pointer(true); // size 1, reserved, extent array
    w.u32(2); // (1 + 1) & ~1 pointers
    w.pointer(true);
    w.pointer(false);
    UUID id = UUID.fromString("000001c6-0000-0000-c000-000000000046");
    w.u32(8).uuid(id).u32(5).bytes(new byte[8]);
    w.u32(0x80041010);
    NdrReader r = new NdrReader(w.toByteArray());
    assertThat(OrpcThat.read(r).extensions()).containsExactly(id);
    assertThat(r.u32()).isEqualTo(0x80041010);
    r.expectEnd();
  }

  @Test
  void remReleaseCarriesEachReferenceWithItsCount() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    List<RemUnknown.InterfaceRef> refs = List.of(new RemUnknown.InterfaceRef(a, 5, 0), new RemUnknown.InterfaceRef(b, 5, 0));
    byte[] stub = RemUnknown.releaseRequest(OrpcThis.of(UUID.randomUUID()), refs);
    assertThat(stub).hasSize(32 + 2 + 2 + 4 + 2 * 24);
    assertThat(RemUnknown.parseReleaseRequest(stub).refs()).isEqualTo(refs);
  }

  @Test
  void customObjRefRoundTripsAndSaysItsSize() throws Exception {
    ObjRef.Custom c = new ObjRef.Custom(UUID.randomUUID(), UUID.randomUUID(), new byte[] {1, 2, 3});
    byte[] b = c.encode();
    assertThat(new NdrReader(java.util.Arrays.copyOfRange(b, 44, 48)).u32()).as("reserved: data + 8").isEqualTo(11);
    ObjRef back = ObjRef.decode(b);
    assertThat(back).isInstanceOf(ObjRef.Custom.class);
    assertThat(((ObjRef.Custom) back).data()).containsExactly(1, 2, 3);
  }

  @Test
  void tcpPortsAreReadOnlyFromWellFormedTcpBindings() {
    assertThat(new StringBinding(7, "172.16.66.36[49670]").tcpPort()).hasValue(49670);
    assertThat(new StringBinding(7, "host").tcpPort()).isEmpty();
    assertThat(new StringBinding(7, "host[0]").tcpPort()).isEmpty();
    assertThat(new StringBinding(7, "host[65536]").tcpPort()).isEmpty();
    assertThat(new StringBinding(7, "host[-1]").tcpPort()).isEmpty();
    assertThat(new StringBinding(7, "host[]").tcpPort()).isEmpty();
    assertThat(new StringBinding(0x0f, "\\\\H[49670]").tcpPort()).isEmpty();
  }

  @Test
  void hostileBytes_areNdrErrors() {
    byte[] ref = windowsLoginRef().encode();
    byte[] wrongSignature = ref.clone();
    wrongSignature[0] = 'X';
    assertThatThrownBy(() -> ObjRef.decode(wrongSignature)).isInstanceOf(NdrException.class).hasMessageContaining("MEOW");
    byte[] cut = java.util.Arrays.copyOf(ref, 100);
    assertThatThrownBy(() -> ObjRef.decode(cut)).isInstanceOf(NdrException.class);
    byte[] securityBeyond = ref.clone();
    securityBeyond[64 + 2] = (byte) 0xff; // wSecurityOffset past wNumEntries
    assertThatThrownBy(() -> ObjRef.decode(securityBeyond)).hasMessageContaining("security offset");
    byte[] blob = ActivationProperties.encodeRequest(
        ActivationProperties.Request.tcp(CLSID_WBEM_LEVEL1_LOGIN, IID_WBEM_LEVEL1_LOGIN));
    byte[] manyProps = blob.clone();
    manyProps[8 + 16 + 16] = (byte) 200; // cIfs
    assertThatThrownBy(() -> ActivationProperties.decodeRequest(manyProps)).hasMessageContaining("200 properties");
    byte[] bigSize = blob.clone();
    bigSize[3] = 0x7f;
    assertThatThrownBy(() -> ActivationProperties.decodeRequest(bigSize)).hasMessageContaining("BLOB of");
  }
}
