package org.otactive.probe.wmi.dcom;

import java.io.IOException;
import java.util.Optional;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.rpc.RpcConnection;
import org.otactive.probe.wmi.rpc.RpcException;
import org.otactive.probe.wmi.rpc.RpcProtocolException;
import org.otactive.safety.Blocked;

/**
 * {@code IRemoteSCMActivator::RemoteCreateInstance} (MS-DCOM 3.1.2.5.2.3.3, opnum 4): asks a host's
 * object resolver on port 135 to create an object and returns where it lives. The stubs are pure
 * ({@link #request}, {@link #parseResponse} and, for a server, {@link #parseRequest},
 * {@link #response}); {@link #createInstance} runs the call on a bound connection.
 */
public final class RemoteActivation {
  private RemoteActivation() {}

  public static final int OPNUM_REMOTE_CREATE_INSTANCE = 4;

  /** The request stub: ORPCTHIS, no outer unknown, the activation properties. */
  public static byte[] request(OrpcThis orpc, ActivationProperties.Request request) {
    NdrWriter w = new NdrWriter();
    orpc.write(w);
    w.pointer(false); // pUnkOuter
    InterfacePointer.write(w, new ObjRef.Custom(DcomIds.IID_IACTIVATION_PROPERTIES_IN,
        DcomIds.CLSID_ACTIVATION_PROPERTIES_IN, ActivationProperties.encodeRequest(request)));
    return w.toByteArray();
  }

  /** What the resolver answered: the call's HRESULT, and the reply when it sent one. */
  public record Response(OrpcThat orpcThat, Optional<ActivationProperties.Reply> reply, int hresult) {}

  public static Response parseResponse(byte[] stub) throws NdrException {
    NdrReader r = new NdrReader(stub);
    OrpcThat that = OrpcThat.read(r);
    Optional<ObjRef> ref = InterfacePointer.read(r);
    int hresult = r.u32();
    r.expectEnd();
    Optional<ActivationProperties.Reply> reply = Optional.empty();
    if (ref.isPresent()) {
      if (!(ref.get() instanceof ObjRef.Custom c) || !c.clsid().equals(DcomIds.CLSID_ACTIVATION_PROPERTIES_OUT)) {
        throw new NdrException("ppActProperties is not an OBJREF_CUSTOM of CLSID_ActivationPropertiesOut");
      }
      reply = Optional.of(ActivationProperties.decodeReply(c.data()));
    }
    return new Response(that, reply, hresult);
  }

  /** A request as a server reads it. */
  public record Call(OrpcThis orpcThis, ActivationProperties.Request request) {}

  public static Call parseRequest(byte[] stub) throws NdrException {
    NdrReader r = new NdrReader(stub);
    OrpcThis orpc = OrpcThis.read(r);
    if (InterfacePointer.read(r).isPresent()) throw new NdrException("pUnkOuter is not NULL");
    ObjRef ref = InterfacePointer.read(r).orElseThrow(() -> new NdrException("pActProperties is NULL"));
    if (!(ref instanceof ObjRef.Custom c) || !c.clsid().equals(DcomIds.CLSID_ACTIVATION_PROPERTIES_IN)) {
      throw new NdrException("pActProperties is not an OBJREF_CUSTOM of CLSID_ActivationPropertiesIn");
    }
    return new Call(orpc, ActivationProperties.decodeRequest(c.data()));
  }

  /** The response stub a server sends; {@code reply} null when the call failed. */
  public static byte[] response(OrpcThat orpcThat, ActivationProperties.Reply reply, int hresult) {
    NdrWriter w = new NdrWriter();
    orpcThat.write(w);
    InterfacePointer.write(w, reply == null ? null : new ObjRef.Custom(DcomIds.IID_IACTIVATION_PROPERTIES_OUT,
        DcomIds.CLSID_ACTIVATION_PROPERTIES_OUT, ActivationProperties.encodeReply(reply)));
    w.u32(hresult);
    return w.toByteArray();
  }

  /**
   * Runs RemoteCreateInstance on {@code scm} (bound to {@link DcomIds#IREMOTE_SCM_ACTIVATOR}).
   *
   * @throws HresultException when the resolver refuses (E_ACCESSDENIED, REGDB_E_CLASSNOTREG, …) or
   *     the requested interface is not there
   */
  public static ActivationProperties.Reply createInstance(RpcConnection scm, OrpcThis orpc,
      ActivationProperties.Request request)
      throws RpcException, HresultException, IOException, Blocked, InterruptedException {
    Response response;
    try {
      response = parseResponse(scm.call(0, OPNUM_REMOTE_CREATE_INSTANCE, request(orpc, request)));
    } catch (NdrException e) {
      throw new RpcProtocolException("malformed RemoteCreateInstance answer: " + e.getMessage(), e);
    }
    if (FaultStatus.failed(response.hresult())) throw new HresultException("RemoteCreateInstance", response.hresult());
    ActivationProperties.Reply reply = response.reply().orElseThrow(
        () -> new RpcProtocolException("RemoteCreateInstance succeeded without activation properties"));
    for (ActivationProperties.InterfaceResult i : reply.interfaces()) {
      if (FaultStatus.failed(i.hresult())) throw new HresultException("RemoteCreateInstance of " + i.iid(), i.hresult());
    }
    return reply;
  }
}
