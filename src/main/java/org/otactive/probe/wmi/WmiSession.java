package org.otactive.probe.wmi;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.wmi.dcom.ActivationProperties;
import org.otactive.probe.wmi.dcom.DcomIds;
import org.otactive.probe.wmi.dcom.HresultException;
import org.otactive.probe.wmi.dcom.ObjRef;
import org.otactive.probe.wmi.dcom.ObjectExporter;
import org.otactive.probe.wmi.dcom.OrpcThis;
import org.otactive.probe.wmi.dcom.RemoteActivation;
import org.otactive.probe.wmi.dcom.TargetPorts;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.RpcAuth;
import org.otactive.probe.wmi.rpc.RpcBindException;
import org.otactive.probe.wmi.rpc.RpcConnection;
import org.otactive.probe.wmi.rpc.RpcException;
import org.otactive.probe.wmi.rpc.RpcFaultException;
import org.otactive.probe.wmi.rpc.RpcProtocolException;
import org.otactive.probe.wmi.rpc.RpcSecurityException;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.probe.wmi.wmio.WmiObject;
import org.otactive.probe.wmi.wmio.WmioDecoder;
import org.otactive.probe.wmi.wmio.WmioEncoder;
import org.otactive.probe.wmi.wmio.WmioFormatException;
import org.otactive.safety.Blocked;

/**
 * One WMI conversation with one host (MS-WMI over MS-DCOM): logged on to a namespace, ready for
 * queries and method calls, every packet through the probe context's gate.
 *
 * <p>{@link #open} makes at most the two TCP connections the protocol needs, one after the other:
 * port 135 for the activation of {@code WbemLevel1Login} (closed as soon as it answers), then the
 * object exporter's port, on the target's own address whatever the reply's bindings name. There
 * it calls NTLMLogin. {@link #close} gives back every reference received in one RemRelease and
 * closes the connection. Every read ends by the per-host deadline.
 *
 * <p>Failures are {@link WmiException}s whose reason says at which stage and why, in plain words.
 * Not thread-safe: one conversation, one call at a time.
 */
public final class WmiSession implements AutoCloseable {
  /** The most objects one query may bring, against a host that enumerates without end. */
  public static final int MAX_OBJECTS_PER_QUERY = 100_000;
  private final ObjectExporter exporter;
  private final ObjectExporter.Remote services;
  private final WmiSettings settings;
  private final DeadlineStream.HostDeadline deadline;
  private final ProbeContext context;
  private final int activationExchanges;

  /** What a conversation cost: TCP connections made and request/answer round trips. */
  public record Stats(int connections, int roundTrips) {}

  private WmiSession(ObjectExporter exporter, ObjectExporter.Remote services, WmiSettings settings,
      DeadlineStream.HostDeadline deadline, ProbeContext context, int activationExchanges) {
    this.exporter = exporter;
    this.services = services;
    this.settings = settings;
    this.deadline = deadline;
    this.context = context;
    this.activationExchanges = activationExchanges;
  }

  /** The stages a failure is reported at. */
  private enum Stage {
    CONNECT_135("connecting to port 135"),
    ACTIVATION("activation on port 135"),
    CONNECT_EXPORTER("connecting to the object exporter"),
    LOGIN("login to the namespace"),
    QUERY("the query"),
    METHOD("the method call"),
    RELEASE("the release");

    final String words;

    Stage(String words) {
      this.words = words;
    }
  }

  /**
   * Activates WMI on the context's target and logs on to the settings' namespace.
   *
   * @throws WmiException with the stage and the reason when anything fails (nothing is left open)
   */
  public static WmiSession open(ProbeContext context, WmiSettings settings) throws WmiException, InterruptedException {
    DeadlineStream.HostDeadline deadline = DeadlineStream.HostDeadline.start(context.clock(), settings.hostDeadline());
    TargetPorts ports = port -> context.connect(new InetSocketAddress(context.target().address(), port),
        min(settings.callTimeout(), deadline));
    return open(ports, context, settings, deadline);
  }

  private static Duration min(Duration a, DeadlineStream.HostDeadline deadline) throws SocketTimeoutException {
    Duration left = deadline.check();
    return a.compareTo(left) < 0 ? a : left;
  }

  private static WmiSession open(TargetPorts ports, ProbeContext context, WmiSettings settings,
      DeadlineStream.HostDeadline deadline) throws WmiException, InterruptedException {
    InstantSource clock = context.clock();
    UUID causality = UUID.randomUUID();
    AuthLevel configured = settings.authLevel();
    ActivationProperties.Reply reply;
    int scmExchanges;
    StreamConnection scmStream = connect(ports, WmiSettings.EPMAP_PORT, Stage.CONNECT_135, context, deadline, settings);
    try (RpcConnection scm = RpcConnection.bind(new DeadlineStream(scmStream, deadline), DcomIds.IREMOTE_SCM_ACTIVATOR,
        auth(settings, configured), clock, settings.callTimeout())) {
      try {
        reply = RemoteActivation.createInstance(scm, OrpcThis.of(causality),
            ActivationProperties.Request.tcp(WbemIds.CLSID_WBEM_LEVEL1_LOGIN, WbemIds.IID_IWBEM_LEVEL1_LOGIN));
      } finally {
        scmExchanges = scm.exchanges();
      }
    } catch (RpcException | HresultException | IOException | Blocked e) {
      scmStream.close();
      throw fail(Stage.ACTIVATION, e, context, deadline, settings.callTimeout());
    }
    OptionalInt port = reply.scm().bindings().firstTcpPort();
    if (port.isEmpty()) {
      throw new WmiException(WmiException.Reason.PROTOCOL_ERROR,
          "the activation reply names no TCP binding to reach the object exporter");
    }
    ObjRef loginRef = reply.interfaces().get(0).objRef().orElseThrow(() -> new WmiException(
        WmiException.Reason.PROTOCOL_ERROR, "the activation reply carries no IWbemLevel1Login pointer"));
    AuthLevel level = higher(configured, reply.scm().authnHint());
    StreamConnection exporterStream =
        connect(ports, port.getAsInt(), Stage.CONNECT_EXPORTER, context, deadline, settings);
    ObjectExporter exporter;
    try {
      exporter = ObjectExporter.bind(new DeadlineStream(exporterStream, deadline), WbemIds.IID_IWBEM_LEVEL1_LOGIN,
          auth(settings, level), reply.scm(), causality, clock, settings.callTimeout());
    } catch (RpcException | IOException | Blocked e) {
      throw fail(Stage.LOGIN, e, context, deadline, settings.callTimeout());
    }
    try {
      ObjectExporter.Remote login = exporter.adopt(loginRef);
      NdrReader r = exporter.call(login, WbemCalls.OPNUM_NTLM_LOGIN,
          w -> WbemCalls.writeNtlmLogin(w, settings.namespace(), null));
      WbemCalls.PointerAnswer answer = WbemCalls.readPointerAnswer(r);
      if (FaultStatus.failed(answer.hresult())) throw new HresultException("NTLMLogin", answer.hresult());
      ObjRef servicesRef = answer.ref().orElseThrow(() -> new RpcProtocolException("NTLMLogin succeeded without IWbemServices"));
      return new WmiSession(exporter, exporter.adopt(servicesRef), settings, deadline, context, scmExchanges);
    } catch (RpcException | HresultException | NdrException | IOException | Blocked e) {
      WmiException failure = fail(Stage.LOGIN, e, context, deadline, settings.callTimeout());
      releaseQuietly(exporter);
      exporter.close();
      throw failure;
    } catch (InterruptedException | RuntimeException e) {
      exporter.close();
      throw e;
    }
  }

  private static StreamConnection connect(TargetPorts ports, int port, Stage stage, ProbeContext context,
      DeadlineStream.HostDeadline deadline, WmiSettings settings) throws WmiException, InterruptedException {
    try {
      return ports.open(port);
    } catch (Blocked | IOException e) {
      throw fail(stage, e, context, deadline, settings.callTimeout());
    }
  }

  private static RpcAuth auth(WmiSettings s, AuthLevel level) {
    return new RpcAuth.Ntlm(s.credentials(), level, s.workstation());
  }

  /** The higher of the configured level and the host's hint (hints below integrity do not lower it). */
  static AuthLevel higher(AuthLevel configured, int hint) {
    return hint == AuthLevel.PKT_PRIVACY.code ? AuthLevel.PKT_PRIVACY : configured;
  }

  public AuthLevel exporterLevel() {
    return exporter.level();
  }

  public WmiSettings settings() {
    return settings;
  }

  /** Connections made (2) and round trips so far on both. */
  public Stats stats() {
    return new Stats(2, activationExchanges + exporter.exchanges());
  }

  /**
   * Runs a WQL query (ExecQuery, forward-only and return-immediately) and hands each object to
   * {@code each} as it arrives, batch by batch.
   *
   * @return the number of objects
   */
  public int query(String wql, Consumer<WmiObject> each) throws WmiException, InterruptedException {
    ObjectExporter.Remote enumerator;
    try {
      NdrReader r = exporter.call(services, WbemCalls.OPNUM_EXEC_QUERY, w -> WbemCalls.writeExecQuery(w, wql,
          WbemCalls.WBEM_FLAG_FORWARD_ONLY | WbemCalls.WBEM_FLAG_RETURN_IMMEDIATELY));
      WbemCalls.PointerAnswer answer = WbemCalls.readPointerAnswer(r);
      if (FaultStatus.failed(answer.hresult())) throw new HresultException("ExecQuery", answer.hresult());
      enumerator = exporter.adopt(answer.ref().orElseThrow(
          () -> new RpcProtocolException("ExecQuery succeeded without an enumerator")));
    } catch (RpcException | HresultException | NdrException | IOException | Blocked e) {
      throw fail(Stage.QUERY, e, context, deadline, settings.callTimeout(), "the query \"" + wql + "\"");
    }
    int count = 0;
    int timeout = (int) settings.nextTimeout().toMillis();
    while (true) {
      WbemCalls.NextAnswer next;
      try {
        NdrReader r = exporter.call(enumerator, WbemCalls.OPNUM_NEXT,
            w -> WbemCalls.writeNext(w, timeout, settings.batchSize()));
        next = WbemCalls.readNextAnswer(r);
        if (count + next.objects().size() > MAX_OBJECTS_PER_QUERY) {
          throw new WmiException(WmiException.Reason.PROTOCOL_ERROR, "the query \"" + wql + "\" brought more than "
              + MAX_OBJECTS_PER_QUERY + " objects");
        }
        for (ObjRef o : next.objects()) {
          each.accept(decode(o));
          count++;
        }
      } catch (RpcException | NdrException | WmioFormatException | IOException | Blocked e) {
        throw fail(Stage.QUERY, e, context, deadline, settings.callTimeout(),
            "the query \"" + wql + "\" after " + count + " objects");
      }
      int hr = next.hresult();
      if (hr == FaultStatus.WBEM_S_FALSE) return count;
      if (hr == FaultStatus.S_OK || hr == FaultStatus.WBEM_S_TIMEDOUT) continue; // more to come, or ask again
      if (FaultStatus.failed(hr)) {
        throw new WmiException(WmiException.Reason.QUERY_FAILED, "the query \"" + wql + "\" failed after " + count
            + " objects: Next returned " + FaultStatus.explain(hr));
      }
      throw new WmiException(WmiException.Reason.PROTOCOL_ERROR, "Next returned the unexpected status "
          + FaultStatus.describe(hr) + " for \"" + wql + "\"");
    }
  }

  /** {@link #query(String, Consumer)} into a list. */
  public List<WmiObject> query(String wql) throws WmiException, InterruptedException {
    List<WmiObject> out = new ArrayList<>();
    query(wql, out::add);
    return out;
  }

  /** The instances a query returns (a class among them is a protocol error). */
  public List<WmiInstance> instances(String wql) throws WmiException, InterruptedException {
    List<WmiInstance> out = new ArrayList<>();
    for (WmiObject o : query(wql)) {
      if (!(o instanceof WmiInstance i)) {
        throw new WmiException(WmiException.Reason.PROTOCOL_ERROR, "\"" + wql + "\" returned a class, not an instance");
      }
      out.add(i);
    }
    return out;
  }

  /** IWbemServices::GetObject: a class (or instance) by its path, e.g. {@code StdRegProv}. */
  public WmiObject getObject(String path) throws WmiException, InterruptedException {
    try {
      NdrReader r = exporter.call(services, WbemCalls.OPNUM_GET_OBJECT, w -> WbemCalls.writeGetObject(w, path));
      WbemCalls.PointerAnswer answer = WbemCalls.readObjectAnswer(r);
      if (FaultStatus.failed(answer.hresult())) throw new HresultException("GetObject " + path, answer.hresult());
      return decode(answer.ref().orElseThrow(() -> new RpcProtocolException("GetObject succeeded without an object")));
    } catch (RpcException | HresultException | NdrException | WmioFormatException | IOException | Blocked e) {
      throw fail(Stage.METHOD, e, context, deadline, settings.callTimeout(), "GetObject of " + path);
    }
  }

  /**
   * IWbemServices::ExecMethod: calls {@code method} of {@code path} with {@code in} (an instance of
   * the method's __PARAMETERS class, encoded as MS-WMIO says) and returns the out parameters.
   */
  public WmiInstance execMethod(String path, String method, WmiInstance in) throws WmiException, InterruptedException {
    ObjRef inRef = new ObjRef.Custom(WbemIds.IID_IWBEM_CLASS_OBJECT, WbemIds.CLSID_WBEM_CLASS_OBJECT, WmioEncoder.encode(in));
    try {
      NdrReader r = exporter.call(services, WbemCalls.OPNUM_EXEC_METHOD,
          w -> WbemCalls.writeExecMethod(w, path, method, inRef));
      WbemCalls.PointerAnswer answer = WbemCalls.readObjectAnswer(r);
      if (FaultStatus.failed(answer.hresult())) throw new HresultException(path + "." + method, answer.hresult());
      WmiObject out = decode(answer.ref().orElseThrow(() -> new RpcProtocolException(method + " returned no out parameters")));
      if (!(out instanceof WmiInstance i)) throw new RpcProtocolException(method + "'s out parameters are a class");
      return i;
    } catch (RpcException | HresultException | NdrException | WmioFormatException | IOException | Blocked e) {
      throw fail(Stage.METHOD, e, context, deadline, settings.callTimeout(), "the call of " + path + "." + method);
    }
  }

  private static WmiObject decode(ObjRef ref) throws RpcProtocolException, WmioFormatException {
    if (!(ref instanceof ObjRef.Custom c) || !c.clsid().equals(WbemIds.CLSID_WBEM_CLASS_OBJECT)) {
      throw new RpcProtocolException("a WMI object arrived as " + ref.getClass().getSimpleName()
          + ", not as an OBJREF_CUSTOM of CLSID_WbemClassObject");
    }
    return WmioDecoder.decode(c.data());
  }

  /** The references still held, for tests and the record of what {@link #close} releases. */
  public int heldReferences() {
    return exporter.heldReferences().stream().mapToInt(r -> r.publicRefs()).sum();
  }

  /**
   * Releases every reference (one RemRelease) and closes the exporter connection. A failure of the
   * release is thrown after the connection is closed; after a stop nothing is sent. An interrupt
   * ends the release at once (the flag is kept) and is reported as the reason BLOCKED.
   */
  @Override
  public void close() throws WmiException {
    try {
      int hr = exporter.release();
      if (FaultStatus.failed(hr)) throw new HresultException("RemRelease", hr);
    } catch (RpcException | HresultException | IOException | Blocked e) {
      throw fail(Stage.RELEASE, e, context, deadline, settings.callTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WmiException(WmiException.Reason.BLOCKED, "interrupted during the release", e);
    } finally {
      exporter.close();
    }
  }

  private static void releaseQuietly(ObjectExporter exporter) {
    try {
      exporter.release();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the failure already being reported matters more
    }
  }

  private static WmiException fail(Stage stage, Exception e, ProbeContext context, DeadlineStream.HostDeadline deadline,
      Duration callTimeout) {
    return fail(stage, e, context, deadline, callTimeout, "");
  }

  /** Turns what went wrong at {@code stage} into a reason and plain words. */
  private static WmiException fail(Stage stage, Exception e, ProbeContext context, DeadlineStream.HostDeadline deadline,
      Duration callTimeout, String what) {
    String where = what.isEmpty() ? stage.words : what;
    if (e instanceof Blocked b) return new WmiException(WmiException.Reason.BLOCKED, "not sent: " + b.getMessage(), e);
    if (context.stopRequested()) return new WmiException(WmiException.Reason.BLOCKED, "stopped during " + where, e);
    if (e instanceof DeadlineStream.Passed || deadline.passed()) {
      return new WmiException(WmiException.Reason.TIMEOUT, "timeout during " + where + ": the per-host deadline of "
          + seconds(deadline.length()) + " passed", e);
    }
    return switch (e) {
      case ConnectException c when stage == Stage.CONNECT_135 -> new WmiException(WmiException.Reason.PORT_135_UNREACHABLE,
          "port 135 unreachable: " + c.getMessage(), e);
      case SocketTimeoutException t when stage == Stage.CONNECT_135 -> new WmiException(
          WmiException.Reason.PORT_135_UNREACHABLE, "port 135 unreachable: no answer to the connection", e);
      case IOException io when stage == Stage.CONNECT_EXPORTER -> new WmiException(WmiException.Reason.EXPORTER_UNREACHABLE,
          "object exporter port unreachable: " + io.getMessage(), e);
      case SocketTimeoutException t -> new WmiException(WmiException.Reason.TIMEOUT,
          "timeout during " + where + ": no answer within the call timeout of " + seconds(callTimeout), e);
      case EOFException eof -> new WmiException(WmiException.Reason.PROTOCOL_ERROR,
          "the host closed the connection during " + where, e);
      case IOException io -> new WmiException(WmiException.Reason.PROTOCOL_ERROR,
          "connection failed during " + where + ": " + io.getMessage(), e);
      case RpcFaultException f -> faulted(stage, f, where);
      case RpcSecurityException s when s.getCause() instanceof EOFException && stage == Stage.ACTIVATION ->
          new WmiException(WmiException.Reason.ACTIVATION_DENIED, "access denied at activation: " + s.getMessage(), e);
      case RpcSecurityException s when s.getCause() instanceof EOFException ->
          new WmiException(WmiException.Reason.LOGIN_DENIED, "access denied at login: " + s.getMessage(), e);
      case RpcBindException b -> new WmiException(WmiException.Reason.PROTOCOL_ERROR, where + ": " + b.getMessage(), e);
      case HresultException h -> refused(stage, h, where);
      case RpcException r -> new WmiException(WmiException.Reason.PROTOCOL_ERROR, where + ": " + r.getMessage(), e);
      case NdrException n -> new WmiException(WmiException.Reason.PROTOCOL_ERROR,
          "malformed answer during " + where + ": " + n.getMessage(), e);
      case WmioFormatException w -> new WmiException(WmiException.Reason.PROTOCOL_ERROR,
          "malformed WMI object during " + where + ": " + w.getMessage(), e);
      default -> new WmiException(WmiException.Reason.PROTOCOL_ERROR, where + ": " + e, e);
    };
  }

  private static WmiException faulted(Stage stage, RpcFaultException f, String where) {
    boolean denial = f.isDenied() || f.status() == FaultStatus.E_ACCESSDENIED
        || f.status() == FaultStatus.NCA_S_PROTO_ERROR && f.getMessage().contains("authentication failed");
    String answered = "; the host answered fault " + FaultStatus.describe(f.status());
    if (denial && stage == Stage.ACTIVATION) {
      return new WmiException(WmiException.Reason.ACTIVATION_DENIED, "access denied at activation: the host refused"
          + " the account (wrong user name or password, or no right to activate DCOM objects remotely)" + answered, f);
    }
    if (denial && stage == Stage.LOGIN) {
      return new WmiException(WmiException.Reason.LOGIN_DENIED, "access denied at login: the object exporter refused"
          + " the account (wrong user name or password, or no right to use WMI remotely)" + answered, f);
    }
    return new WmiException(WmiException.Reason.RPC_FAULT, "RPC fault " + FaultStatus.describe(f.status()) + " during "
        + where + (FaultStatus.likelyCause(f.status()).isEmpty() ? "" : ": " + FaultStatus.likelyCause(f.status())), f);
  }

  private static WmiException refused(Stage stage, HresultException h, String where) {
    int hr = h.hresult();
    boolean denied = hr == FaultStatus.E_ACCESSDENIED || hr == FaultStatus.WBEM_E_ACCESS_DENIED;
    return switch (stage) {
      case ACTIVATION -> denied
          ? new WmiException(WmiException.Reason.ACTIVATION_DENIED, "access denied at activation: " + h.getMessage(), h)
          : new WmiException(WmiException.Reason.RPC_FAULT, "activation failed: " + h.getMessage(), h);
      case LOGIN -> hr == FaultStatus.WBEM_E_INVALID_NAMESPACE
          ? new WmiException(WmiException.Reason.NAMESPACE_INVALID, "unknown namespace: " + h.getMessage(), h)
          : denied ? new WmiException(WmiException.Reason.LOGIN_DENIED,
              "access denied at login or to the namespace: " + h.getMessage(), h)
          : new WmiException(WmiException.Reason.RPC_FAULT, "login failed: " + h.getMessage(), h);
      default -> new WmiException(WmiException.Reason.QUERY_FAILED, where + " failed: " + h.getMessage(), h);
    };
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }
}
