package org.otactive.testing.fakewindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.otactive.probe.wmi.WbemCalls;
import org.otactive.probe.wmi.WbemIds;
import org.otactive.probe.wmi.dcom.DcomIds;
import org.otactive.probe.wmi.dcom.ObjRef;
import org.otactive.probe.wmi.dcom.OrpcThat;
import org.otactive.probe.wmi.dcom.OrpcThis;
import org.otactive.probe.wmi.dcom.RemUnknown;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.rpc.SyntaxId;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.Decoration;
import org.otactive.probe.wmi.wmio.Property;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.probe.wmi.wmio.WmiObject;
import org.otactive.probe.wmi.wmio.WmioDecoder;
import org.otactive.probe.wmi.wmio.WmioEncoder;
import org.otactive.probe.wmi.wmio.WmioFormatException;

/**
 * The fake host's object exporter: WMI's login, services and enumerators, and IRemUnknown.
 * Calls below PKT_INTEGRITY are refused; a call to an IPID released or never handed out is
 * answered RPC_E_DISCONNECTED.
 */
final class FakeExporter implements RpcServerConnection.Endpoint {
  private static final List<java.util.UUID> SERVED = List.of(WbemIds.IID_IWBEM_LEVEL1_LOGIN, WbemIds.IID_IWBEM_SERVICES,
      WbemIds.IID_IENUM_WBEM_CLASS_OBJECT, DcomIds.IID_IREM_UNKNOWN, DcomIds.IID_IREM_UNKNOWN2);
  private static final int OPNUM_ESTABLISH_POSITION = 3;

  private final FakeWindowsHost host;

  FakeExporter(FakeWindowsHost host) {
    this.host = host;
  }

  @Override
  public boolean serves(SyntaxId abstractSyntax) {
    return abstractSyntax.major() == 0 && SERVED.contains(abstractSyntax.uuid());
  }

  @Override
  public RpcServerConnection.Answer call(RpcServerConnection.Call call) {
    if (host.options().answerDelayMillis() > 0) {
      try {
        Thread.sleep(host.options().answerDelayMillis()); // a busy host, not test logic
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (call.level().code < AuthLevel.PKT_INTEGRITY.code) {
      return new RpcServerConnection.Answer.Fault(FaultStatus.ACCESS_DENIED);
    }
    try {
      NdrReader r = new NdrReader(call.stub());
      OrpcThis.read(r);
      if (host.objects().ipidRemUnknown.equals(call.object())) return remUnknown(call, r);
      FakeObjects.Entry target = host.objects().find(call.object());
      if (target == null) {
        host.event("call to released or unknown IPID " + call.object());
        return new RpcServerConnection.Answer.Fault(FaultStatus.RPC_E_DISCONNECTED);
      }
      if (!target.iid().equals(call.iface().uuid())) return new RpcServerConnection.Answer.Fault(FaultStatus.NCA_S_UNK_IF);
      return switch (target.object()) {
        case FakeObjects.Login l -> login(call, r);
        case FakeObjects.Services s -> services(call, r, s);
        case FakeObjects.Enumerator e -> next(call, r, e);
      };
    } catch (NdrException | WmioFormatException e) {
      host.event("undecodable call: " + e.getMessage());
      return new RpcServerConnection.Answer.Fault(0x6f7); // nca_s_fault_ndr
    }
  }

  private static NdrWriter answer() {
    NdrWriter w = new NdrWriter();
    OrpcThat.EMPTY.write(w);
    return w;
  }

  private static RpcServerConnection.Answer stub(NdrWriter w) {
    return new RpcServerConnection.Answer.Stub(w.toByteArray());
  }

  private RpcServerConnection.Answer remUnknown(RpcServerConnection.Call call, NdrReader r) throws NdrException {
    if (call.opnum() != RemUnknown.OPNUM_REM_RELEASE) return new RpcServerConnection.Answer.Fault(FaultStatus.NCA_S_OP_RNG_ERROR);
    RemUnknown.Release release = RemUnknown.parseReleaseRequest(call.stub());
    List<String> said = new ArrayList<>();
    for (RemUnknown.InterfaceRef ref : release.refs()) {
      boolean known = host.objects().release(ref.ipid(), ref.publicRefs());
      said.add(ref.ipid() + ":" + ref.publicRefs() + (known ? "" : "(unknown)"));
    }
    host.event("RemRelease " + String.join(",", said));
    return new RpcServerConnection.Answer.Stub(RemUnknown.releaseResponse(0));
  }

  private RpcServerConnection.Answer login(RpcServerConnection.Call call, NdrReader r) throws NdrException {
    if (call.opnum() == OPNUM_ESTABLISH_POSITION) return stub(answer().u32(0).u32(0));
    if (call.opnum() != WbemCalls.OPNUM_NTLM_LOGIN) return new RpcServerConnection.Answer.Fault(FaultStatus.NCA_S_OP_RNG_ERROR);
    WbemCalls.NtlmLogin args = WbemCalls.readNtlmLoginArgs(r);
    String ns = args.namespace() == null ? "" : HostData.namespace(args.namespace());
    host.event("NTLMLogin " + ns + " at level " + call.level());
    NdrWriter w = answer();
    if (host.options().deniedNamespaces().contains(ns)) {
      WbemCalls.writePointerAnswer(w, null, FaultStatus.WBEM_E_ACCESS_DENIED);
    } else if (!host.data().hasNamespace(ns)) {
      WbemCalls.writePointerAnswer(w, null, FaultStatus.WBEM_E_INVALID_NAMESPACE);
    } else {
      WbemCalls.writePointerAnswer(w, host.objects().marshal(new FakeObjects.Services(ns), WbemIds.IID_IWBEM_SERVICES,
          host.resolverAddress()), 0);
    }
    return stub(w);
  }

  private RpcServerConnection.Answer services(RpcServerConnection.Call call, NdrReader r, FakeObjects.Services s)
      throws NdrException, WmioFormatException {
    NdrWriter w = answer();
    switch (call.opnum()) {
      case WbemCalls.OPNUM_EXEC_QUERY -> {
        WbemCalls.ExecQuery q = WbemCalls.readExecQueryArgs(r);
        host.event("ExecQuery " + q.query() + " flags 0x" + Integer.toHexString(q.flags()));
        int hr;
        List<WmiInstance> rows = null;
        if (q.language() == null || !q.language().equalsIgnoreCase("WQL")) {
          hr = 0x8004_1018; // WBEM_E_INVALID_QUERY_TYPE
        } else {
          try {
            Wql wql = Wql.parse(q.query() == null ? "" : q.query());
            WmiClass cls = host.data().wmiClass(s.namespace(), wql.className());
            if (cls == null) {
              hr = FaultStatus.WBEM_E_INVALID_CLASS;
            } else {
              rows = select(s.namespace(), cls, wql);
              hr = rows == null ? FaultStatus.WBEM_E_INVALID_QUERY : 0;
            }
          } catch (Wql.Invalid e) {
            hr = FaultStatus.WBEM_E_INVALID_QUERY;
          }
        }
        WbemCalls.writePointerAnswer(w, rows == null ? null : host.objects().marshal(new FakeObjects.Enumerator(rows),
            WbemIds.IID_IENUM_WBEM_CLASS_OBJECT, host.resolverAddress()), rows == null ? hr : 0);
      }
      case WbemCalls.OPNUM_GET_OBJECT -> {
        String path = WbemCalls.readGetObjectArgs(r);
        host.event("GetObject " + path);
        WmiClass cls = path == null ? null : host.data().wmiClass(s.namespace(), path);
        WbemCalls.writeObjectAnswer(w, true, cls == null ? null : wmiObject(decorate(cls, s.namespace())),
            cls == null ? FaultStatus.WBEM_E_NOT_FOUND : 0);
      }
      case WbemCalls.OPNUM_EXEC_METHOD -> {
        WbemCalls.ExecMethod m = WbemCalls.readExecMethodArgs(r);
        host.event("ExecMethod " + m.objectPath() + "." + m.method());
        WmiClass cls = m.objectPath() == null ? null : host.data().wmiClass(s.namespace(), m.objectPath());
        if (cls == null) {
          WbemCalls.writeObjectAnswer(w, m.wantsOut(), null, FaultStatus.WBEM_E_NOT_FOUND);
        } else if (m.inParams().isEmpty() || !(m.inParams().get() instanceof ObjRef.Custom c)
            || !(WmioDecoder.decode(c.data()) instanceof WmiInstance in)) {
          WbemCalls.writeObjectAnswer(w, m.wantsOut(), null, FaultStatus.WBEM_E_INVALID_PARAMETER);
        } else {
          WmiInstance out = StdRegProv.call(host.data(), cls, m.method(), in);
          WbemCalls.writeObjectAnswer(w, m.wantsOut(), out == null ? null : wmiObject(out),
              out == null ? FaultStatus.WBEM_E_INVALID_METHOD : 0);
        }
      }
      default -> {
        return new RpcServerConnection.Answer.Fault(FaultStatus.NCA_S_OP_RNG_ERROR);
      }
    }
    return stub(w);
  }

  /** The instances a query selects, projected; null when it names a property the class lacks. */
  private List<WmiInstance> select(String ns, WmiClass cls, Wql wql) {
    for (Wql.Condition c : wql.conditions()) if (cls.property(c.property()) == null) return null;
    for (String p : wql.properties()) if (cls.property(p) == null) return null;
    WmiClass shape = wql.selectsAll() ? cls : projection(cls, wql.properties());
    List<WmiInstance> out = new ArrayList<>();
    for (WmiInstance i : host.data().instances(ns, cls.name())) {
      if (!matches(i, wql)) continue;
      WmiInstance row = i;
      if (!wql.selectsAll()) {
        row = WmiInstance.of(shape);
        for (Property p : shape.properties()) {
          if (!i.isDefault(p.name())) row = row.with(p.name(), i.value(p.name()));
        }
      }
      out.add(decorate(row, ns));
    }
    return out;
  }

  private static boolean matches(WmiInstance i, Wql wql) {
    for (Wql.Condition c : wql.conditions()) {
      CimValue v = i.value(c.property());
      String text = v.isNull() ? null : v.text();
      if (text == null || !text.equalsIgnoreCase(c.value())) return false;
    }
    return true;
  }

  /** The class a property-list query's objects have: only the properties asked for, in class order. */
  private static WmiClass projection(WmiClass cls, List<String> names) {
    WmiClass.Builder b = WmiClass.builder(cls.name());
    for (Property p : cls.properties()) {
      if (names.stream().anyMatch(n -> n.equalsIgnoreCase(p.name()))) {
        b.property(p.name(), p.type(), p.defaultValue(), p.qualifiers().toArray(org.otactive.probe.wmi.wmio.Qualifier[]::new));
      }
    }
    return b.build();
  }

  private RpcServerConnection.Answer next(RpcServerConnection.Call call, NdrReader r, FakeObjects.Enumerator e)
      throws NdrException {
    if (call.opnum() != WbemCalls.OPNUM_NEXT) return new RpcServerConnection.Answer.Fault(FaultStatus.NCA_S_OP_RNG_ERROR);
    WbemCalls.Next args = WbemCalls.readNextArgs(r);
    int stall = host.options().stallAfterObjects();
    if (stall >= 0 && e.position >= stall) {
      host.event("Next unanswered after " + e.position + " objects");
      return new RpcServerConnection.Answer.Silence();
    }
    NdrWriter w = answer();
    if (host.options().timeoutFirstNext() && !e.timedOutOnce) {
      e.timedOutOnce = true;
      host.event("Next timed out (timeout " + args.timeoutMillis() + " ms)");
      WbemCalls.writeNextAnswer(w, args.count(), List.of(), FaultStatus.WBEM_S_TIMEDOUT);
      return stub(w);
    }
    int limit = Math.min(args.count(), e.rows.size() - e.position);
    if (stall >= 0) limit = Math.min(limit, stall - e.position);
    List<ObjRef> objects = new ArrayList<>();
    for (int i = 0; i < limit; i++) objects.add(wmiObject(e.rows.get(e.position++)));
    boolean ended = e.position == e.rows.size() && objects.size() < args.count();
    host.event("Next " + args.count() + " (timeout " + args.timeoutMillis() + " ms): " + objects.size()
        + (ended ? ", ended" : ""));
    WbemCalls.writeNextAnswer(w, args.count(), objects, ended ? FaultStatus.WBEM_S_FALSE : 0);
    return stub(w);
  }

  private WmiInstance decorate(WmiInstance i, String ns) {
    return i.withDecoration(new Decoration(host.data().computerName, ns.replace('/', '\\').toLowerCase(Locale.ROOT)));
  }

  private WmiClass decorate(WmiClass c, String ns) {
    return c.withDecoration(new Decoration(host.data().computerName, ns.replace('/', '\\').toLowerCase(Locale.ROOT)));
  }

  static ObjRef wmiObject(WmiObject o) {
    return new ObjRef.Custom(WbemIds.IID_IWBEM_CLASS_OBJECT, WbemIds.CLSID_WBEM_CLASS_OBJECT, WmioEncoder.encode(o));
  }
}
