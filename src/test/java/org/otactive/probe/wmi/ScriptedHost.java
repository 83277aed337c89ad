package org.otactive.probe.wmi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.otactive.probe.Datagrams;
import org.otactive.probe.Demux;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.Target;
import org.otactive.probe.wmi.dcom.ActivationProperties;
import org.otactive.probe.wmi.dcom.ComVersion;
import org.otactive.probe.wmi.dcom.DualStringArray;
import org.otactive.probe.wmi.dcom.ObjRef;
import org.otactive.probe.wmi.dcom.OrpcThat;
import org.otactive.probe.wmi.dcom.RemUnknown;
import org.otactive.probe.wmi.dcom.RemoteActivation;
import org.otactive.probe.wmi.dcom.StdObjRef;
import org.otactive.probe.wmi.dcom.StringBinding;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.rpc.ScriptedRpcServer;
import org.otactive.probe.wmi.wmio.CimType;
import org.otactive.probe.wmi.wmio.Method;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.probe.wmi.wmio.WmiObject;
import org.otactive.probe.wmi.wmio.WmioEncoder;

/**
 * An in-memory host that authenticates properly (NTLM, signing, sealing) and answers each call
 * with what a test or a fuzzer chooses: a probe context whose connections are scripted servers.
 * The canned answers are well-formed, so a script can go deep before it turns hostile.
 */
final class ScriptedHost implements ProbeContext {
  static final String PASSWORD = "scripted";
  static final int EXPORTER_PORT = 4242;
  static final long OXID = 0x0102030405060708L;

  /** Chooses each answer: the canned one, or other bytes. */
  interface Script {
    byte[] answer(boolean scm, int opnum, byte[] canned);
  }

  private final Script script;
  int connections;

  ScriptedHost(Script script) {
    this.script = script;
  }

  @Override
  public Target target() {
    return new Target(InetAddress.getLoopbackAddress());
  }

  @Override
  public InstantSource clock() {
    return Clock.systemUTC();
  }

  @Override
  public boolean stopRequested() {
    return false;
  }

  @Override
  public Datagrams datagrams(Demux demux) {
    throw new UnsupportedOperationException("WMI sends no datagrams");
  }

  @Override
  public StreamConnection connect(InetSocketAddress peer, Duration timeout) throws IOException {
    if (!peer.getAddress().equals(target().address())) throw new AssertionError("connected to " + peer);
    connections++;
    boolean scm = peer.getPort() == 135;
    if (!scm && peer.getPort() != EXPORTER_PORT) throw new IOException("nothing listens on " + peer);
    int[] sixes = {0}; // opnum 6 is NTLMLogin first, then GetObject
    return new ScriptedRpcServer(PASSWORD, 4000,
        (opnum, stub) -> script.answer(scm, opnum, canned(scm, opnum, opnum == 6 && sixes[0]++ > 0)));
  }

  static ObjRef.Standard ref(UUID iid) {
    return new ObjRef.Standard(iid, new StdObjRef(0, 5, OXID, 9, UUID.randomUUID()),
        new DualStringArray(List.of(new StringBinding(7, "scripted")), List.of()));
  }

  static WmiClass os() {
    return WmiClass.builder("Win32_OperatingSystem").property("Caption", CimType.STRING)
        .property("Version", CimType.STRING).property("BuildNumber", CimType.STRING).build();
  }

  static WmiClass stdRegProv() {
    return WmiClass.builder("StdRegProv")
        .method(Method.builder("EnumKey").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
            .out("sNames", CimType.STRING.asArray()).returns(CimType.UINT32))
        .method(Method.builder("GetStringValue").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
            .in("sValueName", CimType.STRING).out("sValue", CimType.STRING).returns(CimType.UINT32))
        .build();
  }

  static ObjRef object(WmiObject o) {
    return new ObjRef.Custom(WbemIds.IID_IWBEM_CLASS_OBJECT, WbemIds.CLSID_WBEM_CLASS_OBJECT, WmioEncoder.encode(o));
  }

  /** A well-formed answer to each call the collector makes. */
  static byte[] canned(boolean scm, int opnum, boolean getObject) {
    if (scm) {
      ActivationProperties.Reply reply = new ActivationProperties.Reply(List.of(new ActivationProperties.InterfaceResult(
          WbemIds.IID_IWBEM_LEVEL1_LOGIN, 0, Optional.of(ref(WbemIds.IID_IWBEM_LEVEL1_LOGIN)))),
          new ActivationProperties.ScmReply(OXID, new DualStringArray(List.of(
              new StringBinding(7, "elsewhere[" + EXPORTER_PORT + "]")), List.of()), UUID.randomUUID(), 4,
              ComVersion.V5_7));
      return RemoteActivation.response(OrpcThat.EMPTY, reply, 0);
    }
    NdrWriter w = new NdrWriter();
    OrpcThat.EMPTY.write(w);
    switch (opnum) {
      case WbemCalls.OPNUM_NTLM_LOGIN -> {
        if (getObject) WbemCalls.writeObjectAnswer(w, true, object(stdRegProv()), 0);
        else WbemCalls.writePointerAnswer(w, ref(WbemIds.IID_IWBEM_SERVICES), 0);
      }
      case WbemCalls.OPNUM_EXEC_QUERY -> WbemCalls.writePointerAnswer(w, ref(WbemIds.IID_IENUM_WBEM_CLASS_OBJECT), 0);
      case WbemCalls.OPNUM_NEXT -> WbemCalls.writeNextAnswer(w, 64, List.of(object(WmiInstance.of(os())
          .with("Caption", "Scripted Windows").with("Version", "10.0.1").with("BuildNumber", "1"))), 1);
      case WbemCalls.OPNUM_EXEC_METHOD -> WbemCalls.writeObjectAnswer(w, true, object(WmiInstance.of(
          stdRegProv().method("EnumKey").out()).with("ReturnValue", 0L).with("sNames", List.of("App"))), 0);
      case RemUnknown.OPNUM_REM_RELEASE -> w.u32(0);
      default -> throw new AssertionError("the collector made call " + opnum);
    }
    return w.toByteArray();
  }
}
