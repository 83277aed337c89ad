package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.otactive.probe.wmi.ntlm.Credentials;

/** Fragmentation and reassembly in both directions, against a server scripted from the specs. */
class RpcConnectionTest {
  static final SyntaxId IFACE = new SyntaxId(java.util.UUID.fromString("11111111-2222-3333-4444-555555555555"), 1, 0);

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void largeRequestsAndResponsesTravelInSignedFragments(AuthLevel level) throws Exception {
    byte[] big = new byte[20_001];
    new Random(7).nextBytes(big);
    // The server echoes the request reversed, 1000 stub bytes a fragment.
    ScriptedRpcServer server = new ScriptedRpcServer("pw", 1000, (opnum, stub) -> {
      byte[] out = new byte[stub.length];
      for (int i = 0; i < stub.length; i++) out[i] = stub[stub.length - 1 - i];
      return out;
    });
    try (RpcConnection c = RpcConnection.bind(server, IFACE,
        new RpcAuth.Ntlm(Credentials.parse("DOM\\u", "pw"), level, "WS"), Clock.systemUTC(), Duration.ofSeconds(1))) {
      assertThat(c.maxXmitFrag()).as("the server's smaller max_recv_frag").isEqualTo(4280);
      byte[] answer = c.call(5, big);
      for (int i = 0; i < big.length; i++) {
        if (answer[i] != big[big.length - 1 - i]) throw new AssertionError("byte " + i + " differs");
      }
      assertThat(answer).hasSize(big.length);
      assertThat(server.requestFragments).hasSize(5).allMatch(n -> n <= 4280);
      // and a second call continues the sequence numbers on both sides
      assertThat(c.call(6, new byte[] {1, 2, 3})).containsExactly(3, 2, 1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void anObjectUuidGoesInEveryFragmentAndMovesTheSealedStub(AuthLevel level) throws Exception {
    java.util.UUID ipid = java.util.UUID.fromString("00014006-0530-0000-0333-997691ea98ab");
    byte[] big = new byte[12_345];
    new Random(9).nextBytes(big);
    ScriptedRpcServer server = new ScriptedRpcServer("pw", 4000, (opnum, stub) -> stub);
    try (RpcConnection c = RpcConnection.bind(server, IFACE,
        new RpcAuth.Ntlm(Credentials.parse("DOM\\u", "pw"), level, "WS"), Clock.systemUTC(), Duration.ofSeconds(1))) {
      assertThat(c.call(0, 4, ipid, big)).isEqualTo(big);
      // 4280 bytes a fragment less 40 of header, 24 of trailer and 16 kept for padding: 4192 of stub
      assertThat(server.requestFragments).containsExactly(40 + 4192 + 24, 40 + 4192 + 24, 40 + 3961 + 7 + 24);
      assertThat(server.requestObjects).containsOnly(ipid);
      // and a call without an object after one with it keeps both sides' sequence numbers in step
      assertThat(c.call(0, 5, new byte[] {4, 5})).containsExactly(4, 5);
      assertThat(server.requestObjects.get(3)).isNull();
    }
  }

  @org.junit.jupiter.api.Test
  void aBindNakIsAnErrorNamingTheReason() {
    byte[] nak = PduCodec.encode(new Pdu.BindNak(3, 1, 8));
    org.otactive.probe.StreamConnection server = new org.otactive.probe.StreamConnection() {
      int at;

      public void write(byte[] bytes) {}

      public byte[] readFully(int n, Duration timeout) {
        byte[] out = java.util.Arrays.copyOfRange(nak, at, at + n);
        at += n;
        return out;
      }

      public void close() {}
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RpcConnection.bind(server, IFACE,
            RpcAuth.privacy(Credentials.parse("u", "p")), Clock.systemUTC(), Duration.ofSeconds(1)))
        .isInstanceOf(RpcBindException.class)
        .hasMessageContaining("bind_nak authentication_type_not_recognized (8)");
  }
}
