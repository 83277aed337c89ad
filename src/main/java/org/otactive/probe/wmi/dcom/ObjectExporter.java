package org.otactive.probe.wmi.dcom;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.rpc.RpcAuth;
import org.otactive.probe.wmi.rpc.RpcConnection;
import org.otactive.probe.wmi.rpc.RpcException;
import org.otactive.probe.wmi.rpc.RpcProtocolException;
import org.otactive.safety.Blocked;

/**
 * A client's connection to one object exporter (the process holding the objects): calls on its
 * interface pointers, each with the pointer's IPID as the request's object UUID, and the count of
 * public references received, given back in one RemRelease at the end.
 *
 * <p>One authenticated association carries every interface: the first is bound, the others added
 * by alter_context without a new handshake (MS-RPCE 3.3.1.5.3 keeps the security context). One
 * causality id for the whole conversation, as Windows clients do. No pinging: a collection ends
 * long before the exporter's ping period (MS-DCOM 3.1.2.5.2.3.3: 2 minutes × 3) would matter, and
 * released references leave nothing to keep alive.
 *
 * <p>Not thread-safe; one call at a time.
 */
public final class ObjectExporter implements AutoCloseable {
  private final RpcConnection rpc;
  private final long oxid;
  private final UUID ipidRemUnknown;
  private final OrpcThis orpc;
  private final Map<UUID, Integer> contexts = new HashMap<>();
  private final Map<UUID, Integer> publicRefs = new LinkedHashMap<>();
  private int calls;

  /** An interface pointer on this exporter. */
  public record Remote(UUID iid, UUID ipid) {
    public Remote {
      Objects.requireNonNull(iid, "iid");
      Objects.requireNonNull(ipid, "ipid");
    }
  }

  private ObjectExporter(RpcConnection rpc, long oxid, UUID ipidRemUnknown, UUID firstIid, UUID causalityId) {
    this.rpc = rpc;
    this.oxid = oxid;
    this.ipidRemUnknown = ipidRemUnknown;
    this.orpc = OrpcThis.of(causalityId);
    contexts.put(firstIid, 0);
  }

  /**
   * Binds {@code firstIid} on a fresh connection to the exporter that {@code scm} describes.
   *
   * @param causalityId the logical thread's id, the same as the activation's
   */
  public static ObjectExporter bind(StreamConnection stream, UUID firstIid, RpcAuth auth,
      ActivationProperties.ScmReply scm, UUID causalityId, InstantSource clock, Duration timeout)
      throws RpcException, IOException, Blocked, InterruptedException {
    RpcConnection rpc;
    try {
      rpc = RpcConnection.bind(stream, DcomIds.syntax(firstIid), auth, clock, timeout);
    } catch (RpcException | IOException | Blocked | InterruptedException | RuntimeException e) {
      stream.close();
      throw e;
    }
    return new ObjectExporter(rpc, scm.oxid(), scm.ipidRemUnknown(), firstIid, causalityId);
  }

  public AuthLevel level() {
    return rpc.level();
  }

  /** Round trips on this connection so far: bind, alter_contexts and calls. */
  public int exchanges() {
    return rpc.exchanges();
  }

  /** DCOM calls made on this connection so far (RemRelease included). */
  public int calls() {
    return calls;
  }

  /**
   * Takes an interface pointer the exporter handed out: it must be a standard reference to an
   * object of this exporter. Its public references are counted for {@link #release}.
   */
  public Remote adopt(ObjRef ref) throws RpcProtocolException {
    if (!(ref instanceof ObjRef.Standard s)) {
      throw new RpcProtocolException("expected a standard object reference, got " + ref.getClass().getSimpleName());
    }
    if (s.std().oxid() != oxid) {
      throw new RpcProtocolException("object " + s.std().ipid() + " lives on exporter " + StdObjRef.hex(s.std().oxid())
          + ", not on " + StdObjRef.hex(oxid) + " which this connection reaches");
    }
    publicRefs.merge(s.std().ipid(), s.std().publicRefs(), Integer::sum);
    return new Remote(s.iid(), s.std().ipid());
  }

  /**
   * Calls {@code opnum} on {@code target}: ORPCTHIS, then what {@code arguments} writes. Returns a
   * reader past the response's ORPCTHAT, at the out parameters.
   */
  public NdrReader call(Remote target, int opnum, Consumer<NdrWriter> arguments)
      throws RpcException, IOException, Blocked, InterruptedException {
    NdrWriter w = new NdrWriter();
    orpc.write(w);
    arguments.accept(w);
    calls++;
    NdrReader r = new NdrReader(rpc.call(context(target.iid()), opnum, target.ipid(), w.toByteArray()));
    try {
      OrpcThat.read(r);
    } catch (NdrException e) {
      throw new RpcProtocolException("malformed ORPCTHAT in the answer to opnum " + opnum + ": " + e.getMessage(), e);
    }
    return r;
  }

  private int context(UUID iid) throws RpcException, IOException, Blocked, InterruptedException {
    Integer known = contexts.get(iid);
    if (known != null) return known;
    int id = rpc.alterContext(DcomIds.syntax(iid));
    contexts.put(iid, id);
    return id;
  }

  /** The references still held, in the order they were received. */
  public List<RemUnknown.InterfaceRef> heldReferences() {
    List<RemUnknown.InterfaceRef> out = new ArrayList<>();
    publicRefs.forEach((ipid, n) -> { if (n > 0) out.add(new RemUnknown.InterfaceRef(ipid, n, 0)); });
    return out;
  }

  /**
   * Gives every public reference received back in one RemRelease, with the exact counts; nothing
   * is sent when none is held. Returns the HRESULT (0 when nothing was sent).
   */
  public int release() throws RpcException, IOException, Blocked, InterruptedException {
    List<RemUnknown.InterfaceRef> refs = heldReferences();
    if (refs.isEmpty()) return 0;
    publicRefs.clear();
    calls++;
    NdrReader r = new NdrReader(rpc.call(context(DcomIds.IID_IREM_UNKNOWN2), RemUnknown.OPNUM_REM_RELEASE,
        ipidRemUnknown, RemUnknown.releaseRequest(orpc, refs)));
    try {
      OrpcThat.read(r);
      return r.u32();
    } catch (NdrException e) {
      throw new RpcProtocolException("malformed RemRelease answer: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    rpc.close();
  }
}
