package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.probe.wmi.dcom.ActivationProperties;
import org.otactive.probe.wmi.dcom.ComVersion;
import org.otactive.probe.wmi.dcom.DualStringArray;
import org.otactive.probe.wmi.dcom.OrpcThat;
import org.otactive.probe.wmi.dcom.RemoteActivation;
import org.otactive.probe.wmi.dcom.StringBinding;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.NdrWriter;
import org.otactive.probe.wmi.wmio.CimType;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;

/** The session's reading of answers a real host may give but the fake does not: scripted ones. */
class WmiSessionScriptedTest {
  static final WmiSettings SETTINGS = WmiSettings.of(Credentials.parse("u", ScriptedHost.PASSWORD));

  static byte[] next(List<WmiInstance> objects, int hresult) {
    NdrWriter w = new NdrWriter();
    OrpcThat.EMPTY.write(w);
    WbemCalls.writeNextAnswer(w, SETTINGS.batchSize(), objects.stream().map(ScriptedHost::object).toList(), hresult);
    return w.toByteArray();
  }

  static WmiInstance os(String caption) {
    return WmiInstance.of(ScriptedHost.os()).with("Caption", caption);
  }

  @Test
  void timedOutNextsAreAskedAgainAndTheLastObjectsComeWithSFalse() throws Exception {
    AtomicInteger nexts = new AtomicInteger();
    ScriptedHost host = new ScriptedHost((scm, opnum, canned) -> {
      if (scm || opnum != WbemCalls.OPNUM_NEXT) return canned;
      return switch (nexts.incrementAndGet()) {
        case 1 -> next(List.of(), FaultStatus.WBEM_S_TIMEDOUT);
        case 2 -> next(List.of(os("a"), os("b")), FaultStatus.S_OK);
        case 3 -> next(List.of(), FaultStatus.WBEM_S_TIMEDOUT);
        default -> next(List.of(os("c")), FaultStatus.WBEM_S_FALSE);
      };
    });
    try (WmiSession s = WmiSession.open(host, SETTINGS)) {
      assertThat(s.instances("SELECT * FROM Win32_OperatingSystem")).extracting(i -> i.value("Caption").asString())
          .containsExactly("a", "b", "c");
    }
    assertThat(nexts).hasValue(4);
    assertThat(host.connections).isEqualTo(2);
  }

  @Test
  void anErrorMidEnumerationSaysHowFarItGot() throws Exception {
    AtomicInteger nexts = new AtomicInteger();
    ScriptedHost host = new ScriptedHost((scm, opnum, canned) -> scm || opnum != WbemCalls.OPNUM_NEXT ? canned
        : nexts.incrementAndGet() == 1 ? next(List.of(os("a"), os("b")), FaultStatus.S_OK)
        : next(List.of(), FaultStatus.WBEM_E_QUOTA_VIOLATION));
    try (WmiSession s = WmiSession.open(host, SETTINGS)) {
      assertThatThrownBy(() -> s.instances("SELECT * FROM Win32_OperatingSystem"))
          .isInstanceOf(WmiException.class)
          .hasMessage("the query \"SELECT * FROM Win32_OperatingSystem\" failed after 2 objects: Next returned"
              + " WBEM_E_QUOTA_VIOLATION (0x8004106c): the host's WMI quota for this account is used up")
          .extracting(e -> ((WmiException) e).reason()).isEqualTo(WmiException.Reason.QUERY_FAILED);
    }
  }

  @Test
  void anActivationReplyWithoutATcpBindingIsAProtocolError() {
    ActivationProperties.Reply pipesOnly = new ActivationProperties.Reply(List.of(new ActivationProperties.InterfaceResult(
        WbemIds.IID_IWBEM_LEVEL1_LOGIN, 0, Optional.of(ScriptedHost.ref(WbemIds.IID_IWBEM_LEVEL1_LOGIN)))),
        new ActivationProperties.ScmReply(ScriptedHost.OXID, new DualStringArray(List.of(
            new StringBinding(StringBinding.NAMED_PIPE, "\\\\\\\\H[\\\\PIPE\\\\atsvc]"),
            new StringBinding(StringBinding.TCP, "host-without-port")), List.of()), UUID.randomUUID(), 4,
            ComVersion.V5_7));
    ScriptedHost host = new ScriptedHost((scm, opnum, canned) -> scm
        ? RemoteActivation.response(OrpcThat.EMPTY, pipesOnly, 0) : canned);
    assertThatThrownBy(() -> WmiSession.open(host, SETTINGS)).isInstanceOf(WmiException.class)
        .hasMessage("the activation reply names no TCP binding to reach the object exporter");
    assertThat(host.connections).as("port 135 only").isEqualTo(1);
  }

  @Test
  void valuesOfUnexpectedTypesGiveTextNotACrash() throws Exception {
    WmiClass odd = WmiClass.builder("Win32_OperatingSystem").property("Caption", CimType.UINT32)
        .property("Version", CimType.STRING.asArray()).property("BuildNumber", CimType.BOOLEAN).build();
    ScriptedHost host = new ScriptedHost((scm, opnum, canned) -> scm || opnum != WbemCalls.OPNUM_NEXT ? canned
        : next(List.of(WmiInstance.of(odd).with("Caption", 42L).with("Version", List.of("x"))
            .with("BuildNumber", true)), FaultStatus.WBEM_S_FALSE));
    Outcome o = new WindowsHostCollector(SETTINGS).collect(host);
    assertThat(o).as(o.detail()).isInstanceOf(Outcome.Ok.class);
    assertThat(((Outcome.Ok) o).facts()).extracting(Fact::attribute, Fact::value)
        .contains(org.assertj.core.groups.Tuple.tuple("os-caption", "42"), org.assertj.core.groups.Tuple.tuple("os-build", "true"))
        .noneMatch(t -> t.toList().get(0).equals("os-version"));
  }
}
