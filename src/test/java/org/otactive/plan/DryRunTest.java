package org.otactive.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.OptionValues;
import org.otactive.probe.rdns.ReverseDnsMethod;
import org.otactive.schedule.RecurringWindow;
import org.otactive.schedule.RunSchedule;
import org.otactive.schedule.Windows;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.testing.WemShapedMethod;

/**
 * The dry run's counts, estimates and words for a site with two DNS servers (one serves half the
 * site), on a fixed clock: a Saturday noon with a Sunday-night maintenance window. No server is
 * listening at the addresses given: a dry run sends nothing.
 */
class DryRunTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant SATURDAY_NOON = Instant.parse("2026-11-07T11:00:00Z");
  static final Site SITE = new Site("plant", BERLIN, AddressSet.of("198.51.100.0/24", "203.0.113.0/28"));
  static final Windows SUNDAYS = new Windows(BERLIN, List.of(new RecurringWindow("0 2 * * 0", Duration.ofHours(3))));

  static SiteMethod rdns(boolean enabled, boolean onlyGaps, String... servers) {
    ReverseDnsMethod m = new ReverseDnsMethod();
    return new SiteMethod(m, m.configure(new OptionValues(Map.of("dns-server", List.of(servers), "rate", List.of("50"),
        "tries", List.of("2")))), enabled, onlyGaps);
  }

  static DryRun.Context context(List<String> refusals, Optional<RunSchedule> schedule) {
    return new DryRun.Context(SITE, SUNDAYS, schedule, SATURDAY_NOON, refusals);
  }

  @Test
  void twoServersSplitTheTargetsAndTheSlowerSetsTheTime() {
    SiteMethod m = rdns(true, false, "127.0.0.140:5399=198.51.100.0/25", "127.0.0.141:5399");
    GapPlanner planner = new GapPlanner(List.of(m), KnownDevice::unknown);
    DryRunReport r = DryRun.of(m, planner, context(List.of(), Optional.empty()));
    assertThat(r.scope()).isEqualTo(272);
    assertThat(r.targetCount()).isEqualTo(272);
    assertThat(r.targets()).containsExactly("198.51.100.0-198.51.100.255", "203.0.113.0-203.0.113.15");
    assertThat(r.excluded()).isEmpty();
    assertThat(r.peers()).containsExactly(new DryRunReport.PeerLoad("127.0.0.140:5399", "DNS server", 128, 128),
        new DryRunReport.PeerLoad("127.0.0.141:5399", "DNS server", 144, 272));
    assertThat(r.packets()).isEqualTo(272);
    assertThat(r.maxPackets()).isEqualTo(272L * r.spec().maxPacketsPerTarget());
    assertThat(r.connections()).isZero();
    // 144 queries to the busier server at 50/s: 2.88 s, shown as 3 s.
    assertThat(r.typical()).contains(Duration.ofSeconds(3));
    long worstPerServer = (r.spec().maxPacketsPerTarget() + 1) / 2;
    assertThat(r.worst()).contains(Duration.ofSeconds((long) Math.ceil(272.0 * worstPerServer / 50)));
    assertThat(r.windows()).extracting(DryRunReport.Window::start).containsExactly(Instant.parse("2026-11-08T01:00:00Z"),
        Instant.parse("2026-11-15T01:00:00Z"), Instant.parse("2026-11-22T01:00:00Z"));
    assertThat(r.when()).containsExactly(
        "no schedule: runs start by hand (otactive run start --site plant --method rdns)",
        "windows (Europe/Berlin): 2026-11-08 02:00 to 2026-11-08 05:00 (3h); 2026-11-15 02:00 to 2026-11-15 05:00 (3h);"
            + " 2026-11-22 02:00 to 2026-11-22 05:00 (3h)",
        "at the budget it takes 3s (at worst " + org.otactive.common.DurationText.format(r.worst().orElseThrow())
            + "): fits in the next window (3h)");
  }

  @Test
  void whatNoServerServesIsExcludedWithWhyAndADisabledMethodSaysSo() {
    SiteMethod m = rdns(false, false, "127.0.0.140:5399=198.51.100.0/25");
    GapPlanner planner = new GapPlanner(List.of(m), KnownDevice::unknown);
    DryRunReport r = DryRun.of(m, planner, context(List.of("active monitoring is off: nothing is sent until an admin"
        + " switches it on"), Optional.of(RunSchedule.parse("every 6h", SATURDAY_NOON))));
    assertThat(r.targetCount()).isEqualTo(128);
    assertThat(r.excluded()).containsExactly(
        new DryRunReport.Excluded("198.51.100.128-198.51.100.255", 128, "no DNS server serves it (recorded as such; nothing sent)"),
        new DryRunReport.Excluded("203.0.113.0-203.0.113.15", 16, "no DNS server serves it (recorded as such; nothing sent)"));
    assertThat(r.state()).isEqualTo("disabled");
    // Due at 18:00 UTC Saturday, outside every window: it starts when the Sunday window opens.
    assertThat(r.when()).startsWith("active monitoring is off: nothing is sent until an admin switches it on",
        "rdns is disabled on site plant: no run starts until it is enabled",
        "schedule every 6h: next start 2026-11-08 02:00");
  }

  /** Sites may overlap: what another site excluded is left out, and the dry run says which site. */
  @Test
  void whatAnotherSiteExcludedIsLeftOutWithItsName() {
    SiteMethod m = rdns(true, false, "127.0.0.140:5399");
    Site line = Site.of("line", BERLIN, List.of("198.51.100.16/28"), List.of("198.51.100.20-198.51.100.21"));
    DryRunReport r = DryRun.of(m, new GapPlanner(List.of(m), KnownDevice::unknown),
        new DryRun.Context(SITE, SUNDAYS, Optional.empty(), SATURDAY_NOON, List.of(), List.of(SITE, line)));
    assertThat(r.scope()).isEqualTo(272);
    assertThat(r.targetCount()).isEqualTo(270);
    assertThat(r.excluded()).containsExactly(
        new DryRunReport.Excluded("198.51.100.20-198.51.100.21", 2, "excluded at site line (never to touch; nothing sent)"));
  }

  @Test
  void underOnlyGapsWhatIsKnownIsLeftOutWithTheAttributesThatAreKnown() {
    SiteMethod m = rdns(true, true, "127.0.0.140:5399");
    InetAddress named = Addresses.parse("198.51.100.7");
    GapPlanner planner = new GapPlanner(List.of(m), a -> a.equals(named)
        ? new KnownDevice(a, Map.of("hostname", Map.of("passive", "plc-7"))) : KnownDevice.unknown(a));
    DryRunReport r = DryRun.of(m, planner, context(List.of(), Optional.empty()));
    assertThat(r.targetCount()).isEqualTo(271);
    assertThat(r.excluded()).containsExactly(new DryRunReport.Excluded("198.51.100.7", 1, "only-gaps: nothing to learn (hostname known)"));
    assertThat(r.targets()).startsWith("198.51.100.0-198.51.100.6", "198.51.100.8-198.51.100.255");
  }

  @Test
  void aMethodThatTalksToTheDevicesTakesThemConcurrencyAtATime() {
    WemShapedMethod wem = new WemShapedMethod();
    SiteMethod m = new SiteMethod(wem, wem.configure(OptionValues.empty()), true, false);
    Site small = new Site("cell", BERLIN, AddressSet.of("198.51.100.0-198.51.100.19"));
    DryRunReport r = DryRun.of(m, new GapPlanner(List.of(m), KnownDevice::unknown),
        new DryRun.Context(small, Windows.none(BERLIN), Optional.empty(), SATURDAY_NOON, List.of()));
    assertThat(r.peers()).isEmpty();
    assertThat(r.connections()).isEqualTo(20);
    assertThat(r.maxConnections()).isEqualTo(40);
    // 20 devices, 8 at once: 3 waves of 3 packets at 10/s per device = 0.9 s; at worst 6 packets: 1.8 s (shown 2 s).
    assertThat(r.typical()).contains(Duration.ofMillis(900));
    assertThat(r.worst()).contains(Duration.ofSeconds(2));
    assertThat(r.when()).contains("no maintenance window ahead: a run waits for one unless started with --outside-window");
  }
}
