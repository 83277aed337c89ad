package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the collector stores of a host's strings. */
class WmiTextTest {
  @Test
  void controlAndFormatCharactersAndMarkupNeverPass() {
    assertThat(WmiText.sanitize("Windows\u0007 Server\r\n2019\u202e\u200b <b>x</b>\t"))
        .isEqualTo("Windows Server 2019 \u2039b\u203ax\u2039/b\u203a");
    assertThat(WmiText.sanitize("lone \ud800 surrogate, kept pair \ud83d\ude00")).isEqualTo("lone surrogate, kept pair \ud83d\ude00");
    assertThat(WmiText.sanitize(null)).isEmpty();
    String longer = "x".repeat(WmiText.MAX_LENGTH + 10);
    assertThat(WmiText.sanitize(longer)).hasSize(WmiText.MAX_LENGTH).endsWith("\u2026");
  }

  @Test
  void cimDatetimesBecomeIso8601WithTheHostsOffset() {
    assertThat(WmiText.isoDateTime("20230412093015.000000+120")).hasValue("2023-04-12T09:30:15+02:00");
    assertThat(WmiText.isoDateTime("20261130061244.500000-300")).hasValue("2026-11-30T06:12:44-05:00");
    assertThat(WmiText.isoDateTime("20230412093015.000000+000")).hasValue("2023-04-12T09:30:15Z");
    // an interval (':' for the sign), unknown fields, garbage
    assertThat(WmiText.isoDateTime("00000001132312.000000:000")).isEmpty();
    assertThat(WmiText.isoDateTime("2023****093015.000000+120")).isEmpty();
    assertThat(WmiText.isoDateTime("20231341093015.000000+120")).isEmpty();
  }

  @Test
  void registryDatesAndMacAddresses() {
    assertThat(WmiText.registryDate("20240115")).isEqualTo("2024-01-15");
    assertThat(WmiText.registryDate("15.01.2024")).isEqualTo("15.01.2024");
    assertThat(WmiText.mac("00:1B:1B:4A:2C:10")).hasValue("00:1b:1b:4a:2c:10");
    assertThat(WmiText.mac("00-1B-1B-4A-2C-10")).hasValue("00:1b:1b:4a:2c:10");
    assertThat(WmiText.mac("00:1B:1B:4A:2C")).isEmpty();
  }

  @Test
  void settingsNameTheBadValue() {
    WmiSettings ok = WmiSettings.of(org.otactive.probe.wmi.ntlm.Credentials.parse("u", "p"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ok.withAuthLevel(org.otactive.probe.wmi.rpc.AuthLevel.CONNECT))
        .hasMessage("authentication level must be integrity or privacy, not CONNECT");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ok.withTimeouts(java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(5)))
        .hasMessage("Next timeout PT5S must be shorter than the call timeout PT5S");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ok.withBatchSize(0)).hasMessage("batch size 0 is not in 1..1000");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ok.withNamespace(" ")).hasMessage("namespace is empty");
  }
}
