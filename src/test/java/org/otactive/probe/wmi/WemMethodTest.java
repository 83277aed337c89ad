package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;
import org.otactive.methods.BuiltInMethods;
import org.otactive.probe.Access;
import org.otactive.probe.BadRowException;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.OptionValues;
import org.otactive.probe.Outcome;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.probe.Target;
import org.otactive.safety.Rate;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * WEM as a registered method, without the network: its scan ranges checked as the reference
 * product's import checks them, its settings validated, the account each address gets, the
 * addresses a site's scan asks and its budget.
 */
class WemMethodTest {
  static final WemMethod WEM = new WemMethod();
  static final SettingTable RANGES = ScanRange.TABLE;
  static final AddressSet SITE = AddressSet.of("10.20.0.0/16", "fd00::/64");

  static TableRow row(String from, String to, String user, String password, String disable) {
    return TableRow.of(RANGES, from, to, user, password, disable);
  }

  static BadRowException bad(TableRow... rows) {
    try {
      WEM.checkRows(RANGES, List.of(rows), SITE);
    } catch (BadRowException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void itIsRegisteredAsWemWithTheReferenceProductsNameAndCsvHeaders() {
    assertThat(BuiltInMethods.registry().get("wem")).isInstanceOf(WemMethod.class);
    assertThat(WEM.displayName()).isEqualTo("Windows Endpoint Monitoring");
    assertThat(WEM.tables()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("ranges");
      assertThat(t.headers()).containsExactly("FROM", "TO", "USER", "PASSWORD", "DISABLE");
      assertThat(t.columns()).filteredOn(SettingTable.Column::secret).extracting(SettingTable.Column::header)
          .containsExactly("PASSWORD");
    });
    assertThat(WEM.queryCommand()).hasValueSatisfying(q -> assertThat(q.name()).isEqualTo("wmi"));
    assertThat(WEM.report()).extracting(r -> r.header())
        .containsExactly("IP", "Host name", "Status", "Error", "OS", "Service pack", "Last successful scan");
  }

  @Test
  void eachBadRowIsNamedWithItsValue() {
    TableRow good = row("10.20.1.1", "10.20.1.9", "PLANT\\scan", "pw", "FALSE");
    assertThat(bad(good, row("10.20.1.9", "10.20.1.1", "u", "pw", "")))
        .satisfies(e -> assertThat(e.row()).isEqualTo(1))
        .hasMessage("row 2: FROM 10.20.1.9 is after TO 10.20.1.1");
    assertThat(bad(row("10.20.1.300", "10.20.1.1", "u", "pw", "")).problem())
        .isEqualTo("FROM is not an IP address: '10.20.1.300'");
    assertThat(bad(row("10.20.1.1", "host-7", "u", "pw", "")).problem()).isEqualTo("TO is not an IP address: 'host-7'");
    assertThat(bad(row("10.20.1.1", "10.20.1.2", "  ", "pw", "")).problem()).isEqualTo("USER is empty");
    assertThat(bad(row("10.20.1.1", "10.20.1.2", "PLANT\\", "pw", "")).problem())
        .isEqualTo("USER 'PLANT\\' names no user (DOMAIN\\user, user@domain or user)");
    assertThat(bad(row("10.20.1.1", "10.20.1.2", "u", "pw", "yes")).problem()).isEqualTo("DISABLE is 'yes', not TRUE or FALSE");
    assertThat(bad(row("10.20.1.1", "fd00::1", "u", "pw", "")).problem())
        .isEqualTo("FROM 10.20.1.1 and TO fd00::1 are not of one family (IPv4 and IPv6)");
    assertThat(bad(row("10.19.255.250", "10.20.0.5", "u", "pw", "")).problem())
        .isEqualTo("the range 10.19.255.250-10.20.0.5 is not inside the site's ranges (10.20.0.0-10.20.255.255,fd00::-fd00::ffff:ffff:ffff:ffff)");
    assertThat(bad(row("fd00::", "fd00::1:0", "u", "pw", "")).problem())
        .isEqualTo("the range fd00::-fd00::1:0 holds 65,537 addresses, more than 65,536");
  }

  @Test
  void goodRowsAreKeptNormalised() {
    List<TableRow> out = WEM.checkRows(RANGES, List.of(row(" 10.20.0.0 ", "10.20.255.255", " PLANT\\scan ", "pw", "true"),
        row("FD00::1", "fd00::ffff", "scan@plant.example", "pw", "")), SITE);
    assertThat(out.get(0).cells()).containsExactly(Map.entry("FROM", "10.20.0.0"), Map.entry("TO", "10.20.255.255"),
        Map.entry("USER", "PLANT\\scan"), Map.entry("PASSWORD", "pw"), Map.entry("DISABLE", "TRUE"));
    assertThat(out.get(1).cell("FROM")).isEqualTo("fd00::1");
    assertThat(out.get(1).cell("DISABLE")).isEqualTo("FALSE");
    assertThat(out.get(0).toString()).doesNotContain("pw");
  }

  static OptionValues options(String... pairs) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], List.of(pairs[i + 1]));
    return new OptionValues(m);
  }

  @Test
  void aOneOffRunNeedsAnAccountASitesSettingsTakeThemFromTheRanges() {
    assertThatThrownBy(() -> WEM.configure(OptionValues.empty())).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("no --user given");
    assertThatThrownBy(() -> WEM.configure(options("user", "scan"))).hasMessage("--user scan needs its password: --password-env VAR");
    assertThatThrownBy(() -> WEM.configure(options("password", "x"))).hasMessage("--password-env is given without --user");
    assertThatThrownBy(() -> WEM.configure(options("user", "a", "password", "b", "namespace", "root/ci mv2")))
        .hasMessage("--namespace is not a WMI namespace: 'root/ci mv2' (e.g. root/cimv2)");
    assertThatThrownBy(() -> WEM.configure(options("user", "a", "password", "b", "auth", "connect")))
        .hasMessage("--auth must be integrity or privacy, not 'connect'");
    assertThatThrownBy(() -> WEM.configure(options("user", "a", "password", "b", "concurrency", "65")))
        .hasMessage("--concurrency out of range: '65' (1..64)");
    assertThatThrownBy(() -> WEM.configure(options("user", "a", "password", "b", "host-deadline", "2h")))
        .hasMessage("--host-deadline out of range: 2h (1s..1h)");
    // a site's settings carry the table, even empty: no account needed until a range gives one
    Configured site = WEM.configure(OptionValues.empty().withTable("ranges", List.of()));
    assertThat(site.targets(SITE)).isEqualTo(AddressSet.empty());
    assertThat(WemMethod.namespace("root\\cimv2")).isEqualTo("//./root/cimv2");
    assertThat(WemMethod.namespace("//./root/Microsoft/Windows/Defender")).isEqualTo("//./root/Microsoft/Windows/Defender");
  }

  @Test
  void aSiteScanAsksTheEnabledRangesInsideTheSiteEachWithItsAccount() throws Exception {
    OptionValues v = OptionValues.empty().withTable("ranges", List.of(
        row("10.20.1.1", "10.20.1.10", "PLANT\\first", "one", "FALSE"),
        row("10.20.1.5", "10.20.1.20", "second", "two", ""),
        row("10.20.2.1", "10.20.2.255", "off", "three", "TRUE")));
    ConfiguredWem c = (ConfiguredWem) WEM.configure(v);
    assertThat(c.targets(AddressSet.of("10.20.1.0-10.20.1.15")).specs()).containsExactly("10.20.1.1-10.20.1.15");
    assertThat(c.targets(SITE).size()).hasToString("20");
    assertThat(c.settingsFor(InetAddress.getByName("10.20.1.7")).orElseThrow().credentials())
        .satisfies(a -> assertThat(a.domain() + "\\" + a.user() + ":" + a.password()).isEqualTo("PLANT\\first:one"));
    assertThat(c.settingsFor(InetAddress.getByName("10.20.1.15")).orElseThrow().credentials().password()).isEqualTo("two");
    assertThat(c.settingsFor(InetAddress.getByName("10.20.2.7"))).as("a disabled range gives no account").isEmpty();
    WemProbe probe = (WemProbe) c.probe();
    Target off = new Target(InetAddress.getByName("10.20.2.7"));
    assertThat(probe.appliesTo(off)).isFalse();
    assertThat(probe.probe(off, null)).isInstanceOf(Outcome.NotApplicable.class).extracting(Outcome::detail)
        .isEqualTo("no account for 10.20.2.7: no enabled scan range holds it and no --user is given");
    Budget b = c.budget();
    assertThat(b.perPeerRate()).isEqualTo(Rate.of(1000));
    assertThat(b.perPeerInFlight()).isEqualTo(1);
    assertThat(b.concurrency()).isEqualTo(8);
    assertThat(c.spec().maxConnectionsPerTarget()).isEqualTo(2);
    assertThat(c.peers()).isEmpty();
    assertThat(Addresses.canonical(InetAddress.getByName("10.20.1.1"))).isEqualTo("10.20.1.1");
  }

  @Test
  void aStoredRangeThatNoLongerReadsIsNamedAtConfiguration() {
    OptionValues v = OptionValues.empty().withTable("ranges", List.of(row("10.20.1.9", "10.20.1.1", "u", "p", "")));
    assertThatThrownBy(() -> WEM.configure(v)).hasMessage("scan range 1: FROM 10.20.1.9 is after TO 10.20.1.1");
  }

  static KnownDevice known(String... attributeSourceValue) throws Exception {
    Map<String, Map<String, String>> v = new LinkedHashMap<>();
    for (int i = 0; i < attributeSourceValue.length; i += 3) {
      v.computeIfAbsent(attributeSourceValue[i], k -> new LinkedHashMap<>()).put(attributeSourceValue[i + 1], attributeSourceValue[i + 2]);
    }
    return new KnownDevice(InetAddress.getByName("10.20.1.5"), v);
  }

  @Test
  void itFillsWhatTheCollectorStoresAndIsWorthAskingAboutWindowsOrUnknownDevices() throws Exception {
    assertThat(WEM.fills()).containsExactly(WindowsFacts.HOSTNAME, WindowsFacts.OS_CAPTION, WindowsFacts.OS_VERSION,
        WindowsFacts.HOTFIXES, WindowsFacts.SOFTWARE);
    assertThat(WEM.worthAsking(known())).as("nothing known").isTrue();
    assertThat(WEM.gaps(known())).containsExactly("hostname", "os-caption", "os-version", "hotfixes", "software");
    assertThat(WEM.worthAsking(known("os", "passive", "Windows 10 Enterprise"))).isTrue();
    assertThat(WEM.worthAsking(known("hostname", "rdns", "eng-7"))).as("a name alone says nothing of the kind").isTrue();
    assertThat(WEM.worthAsking(known("os", "passive", "Linux 5.10"))).isFalse();
    assertThat(WEM.worthAsking(known("firmware", "passive", "V2.1"))).as("a PLC").isFalse();
    assertThat(WEM.worthAsking(known("ot-server", "passive", "modbus"))).isFalse();
    KnownDevice collected = known("hostname", "wem", "eng-7", "os-caption", "wem", "Microsoft Windows 10 Enterprise",
        "os-version", "wem", "10.0.19045", "hotfixes", "wem", "KB5034441", "software", "wem", "[]");
    assertThat(WEM.worthAsking(collected)).as("every gap filled").isFalse();
    assertThat(WEM.gaps(known("os-caption", "wem", "Microsoft Windows Server 2019 Standard", "hostname", "wem", "h")))
        .containsExactly("os-version", "hotfixes", "software");
  }

  @Test
  void itsAccessIsTcp135ToEachTargetThenTheExportersPortLearnedAtRunTime() {
    Configured c = WEM.configure(OptionValues.empty().withTable("ranges", List.of(row("10.20.1.1", "10.20.1.9", "u", "p", ""))));
    assertThat(c.access()).hasSize(2);
    assertThat(c.access().get(0)).satisfies(a -> {
      assertThat(a.toTargets()).isTrue();
      assertThat(a.check()).isEqualTo(Access.Check.CONNECT);
      assertThat(a.portText()).isEqualTo("TCP 135");
    });
    assertThat(c.access().get(1)).satisfies(a -> {
      assertThat(a.toTargets()).isTrue();
      assertThat(a.check()).isEqualTo(Access.Check.DYNAMIC);
      assertThat(a.portText()).isEqualTo("TCP (dynamic port)");
    });
  }
}
