package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.testing.SambaServer;

/** The transport against a real Samba on 127.0.0.41, every packet through a run's gate. */
class SambaRpcTest {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static SambaServer samba;

  @BeforeAll
  static void start() throws Exception {
    samba = SambaServer.start("127.0.0.41");
  }

  @AfterAll
  static void stop() {
    if (samba != null) samba.close();
  }

  static Credentials good() {
    return Credentials.parse(SambaServer.USER, SambaServer.PASSWORD);
  }

  static RpcConnection bind(ProbeContext ctx, int port, SyntaxId iface, RpcAuth auth) throws Exception {
    StreamConnection s = ctx.connect(new InetSocketAddress(samba.address(), port), TIMEOUT);
    return bind(ctx, s, iface, auth);
  }

  static RpcConnection bind(ProbeContext ctx, StreamConnection s, SyntaxId iface, RpcAuth auth) throws Exception {
    return RpcConnection.bind(s, iface, auth, ctx.clock(), TIMEOUT);
  }

  /** Finds {@code iface}'s port with ept_map and binds it. */
  static RpcConnection open(ProbeContext ctx, SyntaxId iface, RpcAuth auth) throws Exception {
    return bind(ctx, port(ctx, iface), iface, auth);
  }

  static int port(ProbeContext ctx, SyntaxId iface) throws Exception {
    return port(ctx, samba, iface);
  }

  /** Asks {@code server}'s endpoint mapper for {@code iface}'s port, which must be registered. */
  static int port(ProbeContext ctx, SambaServer server, SyntaxId iface) throws Exception {
    StreamConnection s = ctx.connect(new InetSocketAddress(server.address(), EndpointMapper.PORT), TIMEOUT);
    try (RpcConnection epm = RpcConnection.bind(s, EndpointMapper.INTERFACE, RpcAuth.none(), ctx.clock(), TIMEOUT)) {
      OptionalInt port = EndpointMapper.tcpPort(epm, iface);
      assertThat(port).as("ept_map of " + iface).isPresent();
      return port.getAsInt();
    }
  }

  @Test
  void eptMapFindsTheDynamicPortsOfSamrAndWinreg() throws Exception {
    Gated.run(samba.address(), ctx -> {
      int samr = port(ctx, SamrCalls.INTERFACE);
      int winreg = port(ctx, WinregCalls.INTERFACE);
      assertThat(samr).isGreaterThan(1024).isNotEqualTo(winreg);
      assertThat(winreg).isGreaterThan(1024);
      return null;
    });
  }

  @Test
  void eptMapSaysWhenAnInterfaceIsNotRegistered() throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection epm = bind(ctx, EndpointMapper.PORT, EndpointMapper.INTERFACE, RpcAuth.none())) {
        SyntaxId unknown = new SyntaxId(java.util.UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"), 1, 0);
        assertThat(EndpointMapper.tcpPort(epm, unknown)).isEmpty();
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void samrConnectAndEnumerateDomains(AuthLevel level) throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection samr = open(ctx, SamrCalls.INTERFACE, new RpcAuth.Ntlm(good(), level, "PROBE"))) {
        assertThat(samr.level()).isEqualTo(level);
        ContextHandle server = SamrCalls.connect(samr);
        assertThat(server.isNil()).isFalse();
        assertThat(SamrCalls.enumerateDomains(samr, server)).containsExactlyInAnyOrder(SambaServer.NETBIOS_NAME, "Builtin");
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void winregOpensHklmAndReadsAValue(AuthLevel level) throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection reg = open(ctx, WinregCalls.INTERFACE, new RpcAuth.Ntlm(good(), level, "PROBE"))) {
        ContextHandle hklm = WinregCalls.openLocalMachine(reg);
        ContextHandle key = WinregCalls.openKey(reg, hklm, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
        assertThat(WinregCalls.queryString(reg, key, "CurrentVersion")).isEqualTo("6.1");
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void aRequestLargerThanAFragmentIsSentInFragments(AuthLevel level) throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection reg = open(ctx, WinregCalls.INTERFACE, new RpcAuth.Ntlm(good(), level, "PROBE"))) {
        ContextHandle hklm = WinregCalls.openLocalMachine(reg);
        String longName = "SOFTWARE\\" + "x".repeat(7000);
        // Three fragments out; the server reassembles them and answers: the key does not exist.
        assertThat(WinregCalls.tryOpenKey(reg, hklm, longName).status()).isEqualTo(2); // WERR_FILE_NOT_FOUND
        assertThat(WinregCalls.queryString(reg, WinregCalls.openKey(reg, hklm,
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"), "CurrentVersion")).isEqualTo("6.1");
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void aThousandNamesGoInFragmentsAndTheirRidsComeBackInFragments(AuthLevel level) throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection samr = open(ctx, SamrCalls.INTERFACE, new RpcAuth.Ntlm(good(), level, "PROBE"))) {
        ContextHandle server = SamrCalls.connect(samr);
        ContextHandle domain = SamrCalls.openDomain(samr, server,
            SamrCalls.lookupDomain(samr, server, SambaServer.NETBIOS_NAME));
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 999; i++) names.add("nobody-" + i);
        names.add(500, SambaServer.USER);
        // about 36 KB of request and 8 KB of answer: both exceed the 5840-byte fragments
        SamrCalls.Lookup found = SamrCalls.lookupNames(samr, domain, names);
        assertThat(found.status()).as("STATUS_SOME_NOT_MAPPED").isEqualTo(0x107);
        assertThat(found.rids()).hasSize(1000);
        assertThat(found.uses()[500]).as("SidTypeUser").isEqualTo(1);
        assertThat(found.rids()[500]).isGreaterThanOrEqualTo(1000);
        assertThat(found.uses()[0]).as("SidTypeUnknown").isEqualTo(8);
      }
      return null;
    });
  }

  @Test
  void atConnectLevelTheServerRefusesAndTheErrorSaysSo() throws Exception {
    Gated.run(samba.address(), ctx -> {
      int port = port(ctx, SamrCalls.INTERFACE);
      assertThatThrownBy(() -> {
        try (RpcConnection samr = bind(ctx, port, SamrCalls.INTERFACE,
            new RpcAuth.Ntlm(good(), AuthLevel.CONNECT, "PROBE"))) {
          SamrCalls.connect(samr);
        }
      }).isInstanceOf(RpcFaultException.class).hasMessageContaining("ERROR_ACCESS_DENIED (0x00000005)")
          .hasMessageContaining("refuses authentication level CONNECT");
      return null;
    });
  }

  @Test
  void aWrongPasswordFailsClearly() throws Exception {
    Gated.run(samba.address(), ctx -> {
      int port = port(ctx, SamrCalls.INTERFACE);
      Credentials wrong = Credentials.parse(SambaServer.USER, "not-the-password");
      assertThatThrownBy(() -> {
        try (RpcConnection samr = bind(ctx, port, SamrCalls.INTERFACE, RpcAuth.privacy(wrong))) {
          SamrCalls.connect(samr);
        }
      }).isInstanceOf(RpcFaultException.class)
          .hasMessageContaining("nca_s_proto_error")
          .hasMessageContaining("authentication failed: wrong user name or password?");
      return null;
    });
  }

  @Test
  void aCorruptedSignatureOnOurRequestIsRefusedByTheServer() throws Exception {
    Gated.run(samba.address(), ctx -> {
      int port = port(ctx, SamrCalls.INTERFACE);
      StreamConnection s = TamperingStream.corruptWrite(
          ctx.connect(new InetSocketAddress(samba.address(), port), TIMEOUT), 3, 5); // bind, auth3, request
      assertThatThrownBy(() -> {
        try (RpcConnection samr = bind(ctx, s, SamrCalls.INTERFACE, RpcAuth.privacy(good()))) {
          SamrCalls.connect(samr);
        }
      }).isInstanceOf(RpcFaultException.class)
          .hasMessageContaining("rpc_s_sec_pkg_error (0x00000721)")
          .hasMessageContaining("refused our request (bad signature or seal)");
      return null;
    });
  }

  @Test
  void aCorruptedSignatureOnTheResponseIsDetected() throws Exception {
    Gated.run(samba.address(), ctx -> {
      int port = port(ctx, SamrCalls.INTERFACE);
      // reads: bind_ack header, bind_ack body, response header, response body
      StreamConnection s = TamperingStream.corruptRead(
          ctx.connect(new InetSocketAddress(samba.address(), port), TIMEOUT), 4, 5);
      assertThatThrownBy(() -> {
        try (RpcConnection samr = bind(ctx, s, SamrCalls.INTERFACE, RpcAuth.integrity(good()))) {
          SamrCalls.connect(samr);
        }
      }).isInstanceOf(RpcSecurityException.class).hasMessageContaining("signature does not match");
      return null;
    });
  }

  @Test
  void alterContextAddsAPresentationContextThatCallsUse() throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection samr = open(ctx, SamrCalls.INTERFACE, RpcAuth.privacy(good()))) {
        int second = samr.alterContext(SamrCalls.INTERFACE);
        assertThat(second).isEqualTo(1);
        NdrWriter w = new NdrWriter();
        w.pointer(false);
        w.u32(SamrCalls.MAXIMUM_ALLOWED);
        NdrReader r = new NdrReader(samr.call(second, 0, w.toByteArray()));
        assertThat(r.contextHandle().isNil()).isFalse();
        assertThat(r.u32()).as("NTSTATUS of SamrConnect on context 1").isZero();
      }
      return null;
    });
  }

  @Test
  void alterContextToAnInterfaceTheServerLacksIsRejectedByName() throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection samr = open(ctx, SamrCalls.INTERFACE, RpcAuth.privacy(good()))) {
        SyntaxId unknown = new SyntaxId(java.util.UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"), 1, 0);
        assertThatThrownBy(() -> samr.alterContext(unknown))
            .isInstanceOf(RpcBindException.class).hasMessageContaining("abstract_syntax_not_supported");
      }
      return null;
    });
  }

  @Test
  void anOpnumTheInterfaceLacksIsAFaultNamedOpRngError() throws Exception {
    Gated.run(samba.address(), ctx -> {
      try (RpcConnection samr = open(ctx, SamrCalls.INTERFACE, RpcAuth.privacy(good()))) {
        assertThatThrownBy(() -> samr.call(999, new byte[0]))
            .isInstanceOf(RpcFaultException.class).hasMessageContaining("nca_s_op_rng_error (0x1c010002)");
      }
      return null;
    });
  }
}
