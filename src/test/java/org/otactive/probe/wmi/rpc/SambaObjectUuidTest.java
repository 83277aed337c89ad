package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.testing.SambaServer;

/**
 * Requests carrying an object UUID (PFC_OBJECT_UUID, as every DCOM call does) against a real
 * Samba on 127.0.0.99: the stub starts 16 bytes later, which moves the sealed region and shrinks
 * each fragment. Samba ignores the object for samr, so its answers show that it found the stub and
 * the signatures where they belong.
 */
class SambaObjectUuidTest {
  static SambaServer samba;

  @BeforeAll
  static void start() throws Exception {
    samba = SambaServer.start("127.0.0.99");
  }

  @AfterAll
  static void stop() {
    if (samba != null) samba.close();
  }

  @ParameterizedTest
  @EnumSource(value = AuthLevel.class, names = {"PKT_INTEGRITY", "PKT_PRIVACY"})
  void aFragmentedRequestWithAnObjectUuidIsUnderstood(AuthLevel level) throws Exception {
    UUID ipid = UUID.fromString("00014006-0530-0000-0333-997691ea98ab");
    Gated.run(samba.address(), ctx -> {
      int port = SambaRpcTest.port(ctx, samba, SamrCalls.INTERFACE);
      Credentials creds = Credentials.parse(SambaServer.USER, SambaServer.PASSWORD);
      try (RpcConnection samr = RpcConnection.bind(
          ctx.connect(new InetSocketAddress(samba.address(), port), SambaRpcTest.TIMEOUT), SamrCalls.INTERFACE,
          new RpcAuth.Ntlm(creds, level, "PROBE"), ctx.clock(), SambaRpcTest.TIMEOUT)) {
        ContextHandle server = SamrCalls.connect(samr);
        ContextHandle domain = SamrCalls.openDomain(samr, server,
            SamrCalls.lookupDomain(samr, server, SambaServer.NETBIOS_NAME));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 400; i++) names.add("nobody-" + i);
        names.add(200, SambaServer.USER);
        // about 15 KB of request: three fragments, each with the object UUID in its header
        SamrCalls.Lookup found = SamrCalls.lookupNames(samr, domain, names, ipid);
        assertThat(found.status()).as("STATUS_SOME_NOT_MAPPED").isEqualTo(0x107);
        assertThat(found.uses()[200]).as("SidTypeUser").isEqualTo(1);
        assertThat(found.rids()[200]).isGreaterThanOrEqualTo(1000);
        // and the signatures after it still verify on both sides
        assertThat(SamrCalls.enumerateDomains(samr, server)).contains(SambaServer.NETBIOS_NAME);
      }
      return null;
    });
  }
}
