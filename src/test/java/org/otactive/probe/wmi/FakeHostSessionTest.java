package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.dcom.ActivationProperties;
import org.otactive.probe.wmi.dcom.DcomIds;
import org.otactive.probe.wmi.dcom.HresultException;
import org.otactive.probe.wmi.dcom.ObjectExporter;
import org.otactive.probe.wmi.dcom.OrpcThis;
import org.otactive.probe.wmi.dcom.RemUnknown;
import org.otactive.probe.wmi.dcom.RemoteActivation;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.RpcAuth;
import org.otactive.probe.wmi.rpc.RpcConnection;
import org.otactive.probe.wmi.rpc.RpcException;
import org.otactive.probe.wmi.rpc.RpcFaultException;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.run.Tester;
import org.otactive.testing.GatedTest;
import org.otactive.safety.Limits;
import org.otactive.testing.fakewindows.FakeWindowsHost;

/**
 * A WMI session against the fake Windows host on 127.0.0.50 (and one hinting at privacy on
 * 127.0.0.56), through a real run gate: the conversation, and the hardened host's refusals.
 */
class FakeHostSessionTest {
  static final String USER = "wmi-collector";
  static final String PASSWORD = "Fake#Host-2026";
  static FakeWindowsHost host;

  @BeforeAll
  static void start() throws Exception {
    host = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.50", USER, PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (host != null) host.close();
  }

  static <T> T gated(FakeWindowsHost h, Tester.Action<T> action) throws Exception {
    return GatedTest.run(h.address(), Set.of(), Limits.defaults(), action);
  }

  static WmiException failure(FakeWindowsHost h, WmiSettings s, String wql) throws Exception {
    return gated(h, ctx -> {
      try (WmiSession session = WmiSession.open(ctx, s)) {
        if (wql != null) session.query(wql);
        throw new AssertionError("no failure");
      } catch (WmiException e) {
        return e;
      }
    });
  }

  @Test
  void activationBelowIntegrityIsRefusedWithEAccessDenied() throws Exception {
    for (RpcAuth auth : List.of(RpcAuth.none(),
        new RpcAuth.Ntlm(Credentials.parse(USER, PASSWORD), AuthLevel.CONNECT, "PROBE"))) {
      HresultException refused = gated(host, ctx -> {
        try (RpcConnection scm = RpcConnection.bind(ctx.connect(new InetSocketAddress(host.address(), 135),
            Duration.ofSeconds(5)), DcomIds.IREMOTE_SCM_ACTIVATOR, auth, ctx.clock(), Duration.ofSeconds(5))) {
          RemoteActivation.createInstance(scm, OrpcThis.of(UUID.randomUUID()),
              ActivationProperties.Request.tcp(WbemIds.CLSID_WBEM_LEVEL1_LOGIN, WbemIds.IID_IWBEM_LEVEL1_LOGIN));
          throw new AssertionError("activated at " + auth);
        } catch (HresultException e) {
          return e;
        } catch (RpcException | java.io.IOException | org.otactive.safety.Blocked e) {
          throw new AssertionError(e);
        }
      });
      assertThat(refused.hresult()).isEqualTo(FaultStatus.E_ACCESSDENIED);
      assertThat(refused.getMessage()).contains("RemoteCreateInstance returned E_ACCESSDENIED (0x80070005)")
          .contains("authentication level too low");
    }
  }

  @Test
  void aReleasedInterfacePointerIsAnsweredRpcEDisconnected() throws Exception {
    RpcFaultException fault = gated(host, ctx -> {
      try {
        UUID cid = UUID.randomUUID();
        ActivationProperties.Reply reply;
        RpcAuth auth = RpcAuth.integrity(Credentials.parse(USER, PASSWORD));
        try (RpcConnection scm = RpcConnection.bind(ctx.connect(new InetSocketAddress(host.address(), 135),
            Duration.ofSeconds(5)), DcomIds.IREMOTE_SCM_ACTIVATOR, auth, ctx.clock(), Duration.ofSeconds(5))) {
          reply = RemoteActivation.createInstance(scm, OrpcThis.of(cid),
              ActivationProperties.Request.tcp(WbemIds.CLSID_WBEM_LEVEL1_LOGIN, WbemIds.IID_IWBEM_LEVEL1_LOGIN));
        }
        int port = reply.scm().bindings().firstTcpPort().orElseThrow();
        try (ObjectExporter exporter = ObjectExporter.bind(ctx.connect(new InetSocketAddress(host.address(), port),
            Duration.ofSeconds(5)), WbemIds.IID_IWBEM_LEVEL1_LOGIN, auth, reply.scm(), cid, ctx.clock(),
            Duration.ofSeconds(5))) {
          ObjectExporter.Remote login = exporter.adopt(reply.interfaces().get(0).objRef().orElseThrow());
          assertThat(exporter.heldReferences()).extracting(RemUnknown.InterfaceRef::publicRefs).containsExactly(5);
          assertThat(exporter.release()).isZero();
          exporter.call(login, WbemCalls.OPNUM_NTLM_LOGIN, w -> WbemCalls.writeNtlmLogin(w, "root/cimv2", null));
          throw new AssertionError("a released pointer answered");
        }
      } catch (RpcFaultException e) {
        return e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(fault.status()).isEqualTo(FaultStatus.RPC_E_DISCONNECTED);
    assertThat(fault.getMessage()).contains("RPC_E_DISCONNECTED (0x80010108)").contains("released");
  }

  @Test
  void unknownNamespaceClassAndQueryAreRefusedWithTheirWbemCodes() throws Exception {
    WmiException ns = failure(host, settings().withNamespace("//./root/nothere"), null);
    assertThat(ns.reason()).isEqualTo(WmiException.Reason.NAMESPACE_INVALID);
    assertThat(ns.getMessage()).contains("WBEM_E_INVALID_NAMESPACE (0x8004100e)");
    WmiException cls = failure(host, settings(), "SELECT * FROM Win32_NoSuchThing");
    assertThat(cls.reason()).isEqualTo(WmiException.Reason.QUERY_FAILED);
    assertThat(cls.getMessage()).isEqualTo("the query \"SELECT * FROM Win32_NoSuchThing\" failed: ExecQuery returned"
        + " WBEM_E_INVALID_CLASS (0x80041010): the class does not exist in this namespace (check its name, or the namespace)");
    WmiException query = failure(host, settings(), "SELECT FROM WHERE");
    assertThat(query.getMessage()).contains("WBEM_E_INVALID_QUERY (0x80041017)");
  }

  @Test
  void theExporterGetsTheHigherOfTheConfiguredLevelAndTheHostsHint() throws Exception {
    AuthLevel level = gated(host, ctx -> {
      try (WmiSession s = WmiSession.open(ctx, settings().withAuthLevel(AuthLevel.PKT_INTEGRITY))) {
        return s.exporterLevel();
      } catch (WmiException e) {
        throw new AssertionError(e.getMessage(), e);
      }
    });
    assertThat(level).as("hint PKT (4) is lower than integrity").isEqualTo(AuthLevel.PKT_INTEGRITY);
    try (FakeWindowsHost privacyHint = FakeWindowsHost.start(
        FakeWindowsHost.Options.of("127.0.0.56", USER, PASSWORD).withAuthnHint(AuthLevel.PKT_PRIVACY.code))) {
      AuthLevel raised = gated(privacyHint, ctx -> {
        try (WmiSession s = WmiSession.open(ctx, settings().withAuthLevel(AuthLevel.PKT_INTEGRITY))) {
          s.query("SELECT Caption FROM Win32_OperatingSystem");
          return s.exporterLevel();
        } catch (WmiException e) {
          throw new AssertionError(e.getMessage(), e);
        }
      });
      assertThat(raised).isEqualTo(AuthLevel.PKT_PRIVACY);
      assertThat(privacyHint.events()).anyMatch(e -> e.equals("activation at level PKT_INTEGRITY by " + USER))
          .anyMatch(e -> e.equals("NTLMLogin root/cimv2 at level PKT_PRIVACY"));
    }
  }

  static WmiSettings settings() {
    return WmiSettings.of(Credentials.parse(USER, PASSWORD));
  }

  @Test
  void logsInQueriesAndReleasesEveryReference() throws Exception {
    List<WmiInstance> os = GatedTest.run(host.address(), Set.of(), Limits.defaults(), ctx -> {
      try (WmiSession s = WmiSession.open(ctx, settings())) {
        assertThat(s.exporterLevel()).isEqualTo(AuthLevel.PKT_PRIVACY);
        return s.instances("SELECT * FROM Win32_OperatingSystem");
      } catch (WmiException e) {
        throw new AssertionError(e.getMessage(), e);
      }
    });
    assertThat(os).hasSize(1);
    assertThat(os.get(0).value("Caption").asString()).isEqualTo("Microsoft Windows Server 2019 Standard");
    assertThat(os.get(0).value("OSType").asLong()).as("a default from the class part").isEqualTo(18);
    assertThat(host.exportedPointers()).as("every reference given back").isZero();
    assertThat(host.events()).anyMatch(e -> e.startsWith("RemRelease"));
  }
}
