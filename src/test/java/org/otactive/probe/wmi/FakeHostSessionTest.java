package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.run.Tester;
import org.otactive.safety.Limits;
import org.otactive.testing.fakewindows.FakeWindowsHost;

/** A WMI session against the fake Windows host on 127.0.0.50, through a real run gate. */
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

  static WmiSettings settings() {
    return WmiSettings.of(Credentials.parse(USER, PASSWORD));
  }

  @Test
  void logsInQueriesAndReleasesEveryReference() throws Exception {
    List<WmiInstance> os = Tester.test(host.address(), Set.of(), Limits.defaults(), ctx -> {
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
