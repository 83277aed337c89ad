package org.otactive.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.OptionValues;
import org.otactive.probe.rdns.ReverseDnsMethod;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.testing.WemShapedMethod;

/**
 * The minimal plan address by address, with the real reverse DNS method (a server that serves
 * 198.51.100.0/25 only) and the WEM-shaped method of the test tree: what each is worth asking,
 * what it cannot reach, the smallest cover, and the words of the verdict. Nothing is sent: the
 * server's address is never listened on.
 */
class GapPlannerTest {
  static final ReverseDnsMethod RDNS = new ReverseDnsMethod();
  static final WemShapedMethod WEM = new WemShapedMethod();

  static SiteMethod rdns(boolean enabled, boolean onlyGaps) {
    return new SiteMethod(RDNS, RDNS.configure(new OptionValues(Map.of("dns-server", List.of("127.0.0.140:5399=198.51.100.0/25")))),
        enabled, onlyGaps);
  }

  static SiteMethod wem(boolean enabled) {
    return new SiteMethod(WEM, WEM.configure(OptionValues.empty()), enabled, false);
  }

  static InetAddress ip(String s) {
    return Addresses.parse(s);
  }

  /** Devices by address: attribute=value pairs from one source. */
  static Map<InetAddress, KnownDevice> known(String source, Object... addressAndPairs) {
    Map<InetAddress, KnownDevice> out = new LinkedHashMap<>();
    for (int i = 0; i < addressAndPairs.length; i += 2) {
      InetAddress a = ip((String) addressAndPairs[i]);
      Map<String, Map<String, String>> values = new LinkedHashMap<>();
      for (String pair : ((String) addressAndPairs[i + 1]).split(";")) {
        if (pair.isBlank()) continue;
        String[] kv = pair.split("=", 2);
        values.put(kv[0], Map.of(source, kv[1]));
      }
      out.put(a, new KnownDevice(a, values));
    }
    return out;
  }

  static GapPlanner planner(List<SiteMethod> methods, Map<InetAddress, KnownDevice> known) {
    return new GapPlanner(methods, a -> known.getOrDefault(a, KnownDevice.unknown(a)));
  }

  @Test
  void reverseDnsIsWorthAskingOnlyWhileNoSourceKnowsTheHostName() {
    var known = known("passive", "198.51.100.3", "hostname=plc-3;mac=00:1b:1b:4a:2c:10", "198.51.100.4", "fqdn=x.example",
        "198.51.100.5", "vendor=Siemens");
    GapPlanner p = planner(List.of(rdns(true, false)), known);
    assertThat(p.plan(ip("198.51.100.3")).unnecessary()).isTrue();
    assertThat(p.plan(ip("198.51.100.3")).verdict()).isEqualTo("active monitoring unnecessary");
    // The FQDN alone is no reason to ask; the host name is.
    AddressPlan fqdnOnly = p.plan(ip("198.51.100.4"));
    assertThat(fqdnOnly.gaps()).containsExactly(Map.entry("rdns", java.util.Set.of("hostname")));
    assertThat(fqdnOnly.cover()).containsExactly("rdns");
    AddressPlan vendorOnly = p.plan(ip("198.51.100.5"));
    assertThat(vendorOnly.gaps().get("rdns")).containsExactly("hostname", "fqdn");
    assertThat(vendorOnly.verdict()).isEqualTo("needs rdns");
    assertThat(p.plan(ip("198.51.100.9")).cover()).containsExactly("rdns");
  }

  @Test
  void anAddressNoServerServesIsOneNoMethodCanHelpWithAndSaysWhy() {
    GapPlanner p = planner(List.of(rdns(true, false)), Map.of());
    AddressPlan outside = p.plan(ip("198.51.100.200"));
    assertThat(outside.helpless()).isTrue();
    assertThat(outside.unavailable()).containsExactly(Map.entry("rdns", "no DNS server serves it"));
    assertThat(outside.verdict()).isEqualTo("no method can help: rdns: no DNS server serves it");
    assertThat(outside.asks("rdns")).isFalse();
  }

  @Test
  void theCoverIsTheSmallestSetOfUsableMethodsThatFillsEveryFillableGap() {
    var known = known("passive",
        "198.51.100.10", "os=Windows 10 IoT",
        "198.51.100.11", "os=Windows Server 2019;hostname=hist-11",
        "198.51.100.12", "vendor=Siemens;ot-server=s7comm;firmware=V4.5",
        "198.51.100.13", "os=Linux");
    GapPlanner p = planner(List.of(rdns(true, false), wem(true)), known);
    // Windows without a name: the FQDN only rdns fills, the OS only WEM: both.
    AddressPlan win = p.plan(ip("198.51.100.10"));
    assertThat(win.cover()).containsExactly("rdns", "wemlike");
    assertThat(win.filled()).containsExactlyInAnyOrder("hostname", "fqdn", "os-caption", "hotfixes", "software");
    // Windows with a passive name: reverse DNS is not worth it; WEM alone.
    AddressPlan named = p.plan(ip("198.51.100.11"));
    assertThat(named.gaps()).containsOnlyKeys("wemlike");
    assertThat(named.cover()).containsExactly("wemlike");
    // A PLC (serves S7, has firmware): WEM is not worth asking; its name is rdns's.
    AddressPlan plc = p.plan(ip("198.51.100.12"));
    assertThat(plc.gaps()).containsOnlyKeys("rdns");
    assertThat(plc.cover()).containsExactly("rdns");
    // An OS that is not Windows: not WEM's.
    assertThat(p.plan(ip("198.51.100.13")).gaps()).containsOnlyKeys("rdns");
    // Nothing known and not served by DNS: WEM alone, the FQDN left with why.
    AddressPlan far = p.plan(ip("198.51.100.201"));
    assertThat(far.cover()).containsExactly("wemlike");
    assertThat(far.unfilled()).containsExactly("fqdn");
    assertThat(far.verdict()).isEqualTo("needs wemlike; fqdn left: rdns: no DNS server serves it");
  }

  @Test
  void aMethodNotConfiguredOnTheSiteIsNamedButNeverPlanned() {
    GapPlanner p = planner(List.of(rdns(false, false), SiteMethod.notConfigured(WEM)), known("passive", "198.51.100.20",
        "os=Windows 11"));
    AddressPlan a = p.plan(ip("198.51.100.20"));
    assertThat(a.cover()).containsExactly("rdns");
    assertThat(a.disabled()).containsExactly("rdns");
    assertThat(a.verdict()).isEqualTo("needs rdns (disabled); os-caption, hotfixes, software left: wemlike: not configured on the site");
  }

  @Test
  void onlyGapsTargetsAreTheAddressesWhoseCoverHoldsTheMethodInOrder() {
    var known = known("passive", "198.51.100.1", "hostname=a", "198.51.100.2", "os=Windows 10;hostname=b",
        "198.51.100.3", "ot-server=modbus");
    GapPlanner p = planner(List.of(rdns(true, true), wem(true)), known);
    AddressSet scope = AddressSet.of("198.51.100.0-198.51.100.3", "198.51.100.126-198.51.100.129");
    List<String> rdns = new ArrayList<>();
    p.targets(scope, "rdns").forEach(a -> rdns.add(Addresses.canonical(a)));
    assertThat(rdns).containsExactly("198.51.100.0", "198.51.100.3", "198.51.100.126", "198.51.100.127");
    List<String> wem = new ArrayList<>();
    p.targets(scope, "wemlike").forEach(a -> wem.add(Addresses.canonical(a)));
    assertThat(wem).containsExactly("198.51.100.0", "198.51.100.1", "198.51.100.2", "198.51.100.126", "198.51.100.127",
        "198.51.100.128", "198.51.100.129");
    assertThat(p.count(scope, "rdns")).isEqualTo(4);
  }

  @Test
  void coverageGroupsUnknownAddressesInRunsAndThePlanCountsItsPairs() {
    var known = known("passive", "198.51.100.5", "hostname=plc-5", "198.51.100.6", "os=Windows 10");
    Site site = new Site("plant", ZoneId.of("UTC"), AddressSet.of("198.51.100.0/29", "198.51.100.126-198.51.100.129"));
    Knowledge k = Knowledge.of(devices(known), site.ranges());
    CoverageReport r = Coverage.of(site, new GapPlanner(List.of(rdns(true, false), wem(true)), k::about), k);
    assertThat(r.addresses()).isEqualTo(12);
    assertThat(r.devices()).extracting(d -> Addresses.canonical(d.address())).containsExactly("198.51.100.5", "198.51.100.6");
    assertThat(r.unknown()).extracting(CoverageReport.Group::addresses, CoverageReport.Group::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("198.51.100.0-198.51.100.4", 5L),
            org.assertj.core.groups.Tuple.tuple("198.51.100.7", 1L),
            org.assertj.core.groups.Tuple.tuple("198.51.100.126-198.51.100.127", 2L),
            org.assertj.core.groups.Tuple.tuple("198.51.100.128-198.51.100.129", 2L));
    // plc-5 is named, so reverse DNS leaves it; nothing says it is no Windows host, so WEM asks it.
    assertThat(r.unnecessary()).isZero();
    assertThat(r.plan()).extracting(CoverageReport.PlanRow::method, CoverageReport.PlanRow::addresses,
        CoverageReport.PlanRow::count, CoverageReport.PlanRow::devices).containsExactly(
        org.assertj.core.groups.Tuple.tuple("rdns", "198.51.100.0-198.51.100.4", 5L, 0L),
        org.assertj.core.groups.Tuple.tuple("rdns", "198.51.100.6-198.51.100.7", 2L, 1L),
        org.assertj.core.groups.Tuple.tuple("rdns", "198.51.100.126-198.51.100.127", 2L, 0L),
        org.assertj.core.groups.Tuple.tuple("wemlike", "198.51.100.0-198.51.100.4", 5L, 0L),
        org.assertj.core.groups.Tuple.tuple("wemlike", "198.51.100.5", 1L, 1L),
        org.assertj.core.groups.Tuple.tuple("wemlike", "198.51.100.6-198.51.100.7", 2L, 1L),
        org.assertj.core.groups.Tuple.tuple("wemlike", "198.51.100.126-198.51.100.129", 4L, 0L));
    // The run of 198.51.100.5 is its own: its host name is known, so WEM fills less there.
    assertThat(r.plan().get(4).fills()).isEqualTo("os-caption, hotfixes, software");
    assertThat(r.pairs()).isEqualTo(5 + 2 + 2 + 5 + 1 + 2 + 4);
    assertThat(r.helpless()).isEmpty();
  }

  @Test
  void aScopeTooLargeToWalkIsRefusedInWords() {
    Site huge = new Site("huge", ZoneId.of("UTC"), AddressSet.of("10.0.0.0/7"));
    assertThatThrownBy(() -> Knowledge.checkWalkable(huge)).isInstanceOf(BadInputException.class)
        .hasMessage("site huge spans 33554432 addresses; plans walk at most 16777216 (narrow its ranges)");
  }

  static List<org.otactive.inventory.Device> devices(Map<InetAddress, KnownDevice> known) {
    List<org.otactive.inventory.Device> out = new ArrayList<>();
    java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
    known.forEach((a, k) -> {
      List<org.otactive.inventory.AttributeValue> vs = new ArrayList<>();
      k.values().forEach((attr, bySource) -> bySource.forEach((src, v) -> vs.add(
          new org.otactive.inventory.AttributeValue(attr, v, src, "", t, t))));
      out.add(new org.otactive.inventory.Device(Addresses.canonical(a), null, t, t, vs));
    });
    return out;
  }
}
