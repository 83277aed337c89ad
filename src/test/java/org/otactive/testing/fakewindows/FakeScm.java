package org.otactive.testing.fakewindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.probe.wmi.WbemIds;
import org.otactive.probe.wmi.dcom.ActivationProperties;
import org.otactive.probe.wmi.dcom.ComVersion;
import org.otactive.probe.wmi.dcom.DcomIds;
import org.otactive.probe.wmi.dcom.OrpcThat;
import org.otactive.probe.wmi.dcom.RemoteActivation;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.SyntaxId;

/**
 * The fake host's object resolver on port 135: IRemoteSCMActivator::RemoteCreateInstance of the
 * WMI login class, refused below PKT_INTEGRITY with E_ACCESSDENIED as a hardened Windows does
 * (KB5004442).
 */
final class FakeScm implements RpcServerConnection.Endpoint {
  /** Windows' object resolver answers with ORPCF_LOCAL set in its ORPCTHAT. */
  private static final OrpcThat ORPC_THAT = new OrpcThat(1, java.util.List.of());
  private final FakeWindowsHost host;

  FakeScm(FakeWindowsHost host) {
    this.host = host;
  }

  @Override
  public boolean serves(SyntaxId abstractSyntax) {
    return abstractSyntax.equals(DcomIds.IREMOTE_SCM_ACTIVATOR);
  }

  @Override
  public RpcServerConnection.Answer call(RpcServerConnection.Call call) {
    if (call.opnum() != RemoteActivation.OPNUM_REMOTE_CREATE_INSTANCE) {
      return new RpcServerConnection.Answer.Fault(FaultStatus.NCA_S_OP_RNG_ERROR);
    }
    if (call.level().code < AuthLevel.PKT_INTEGRITY.code) {
      host.event("activation refused at level " + call.level());
      return stub(RemoteActivation.response(ORPC_THAT, null, FaultStatus.E_ACCESSDENIED));
    }
    RemoteActivation.Call request;
    try {
      request = RemoteActivation.parseRequest(call.stub());
    } catch (NdrException e) {
      return new RpcServerConnection.Answer.Fault(0x6f7); // nca_s_fault_ndr
    }
    if (!request.request().clsid().equals(WbemIds.CLSID_WBEM_LEVEL1_LOGIN)) {
      return stub(RemoteActivation.response(ORPC_THAT, null, FaultStatus.REGDB_E_CLASSNOTREG));
    }
    List<ActivationProperties.InterfaceResult> results = new ArrayList<>();
    for (java.util.UUID iid : request.request().iids()) {
      results.add(iid.equals(WbemIds.IID_IWBEM_LEVEL1_LOGIN)
          ? new ActivationProperties.InterfaceResult(iid, 0,
              Optional.of(host.objects().marshal(new FakeObjects.Login(), iid, host.resolverAddress())))
          : new ActivationProperties.InterfaceResult(iid, FaultStatus.E_NOINTERFACE, Optional.empty()));
    }
    host.event("activation at level " + call.level() + " by " + call.user());
    ActivationProperties.ScmReply scm = new ActivationProperties.ScmReply(host.objects().oxid, host.oxidBindings(),
        host.objects().ipidRemUnknown, host.options().authnHint(), ComVersion.V5_7);
    return stub(RemoteActivation.response(ORPC_THAT, new ActivationProperties.Reply(results, scm), 0));
  }

  private static RpcServerConnection.Answer stub(byte[] b) {
    return new RpcServerConnection.Answer.Stub(b);
  }
}
