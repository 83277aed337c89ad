package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.inventory.Observation;
import org.otactive.safety.Ticker;
import org.otactive.schedule.OneOffWindow;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.Rdns;
import org.otactive.testing.ScriptedDnsServer;

/**
 * Only-gaps is a run-level setting of a site's method: its supervised runs ask only the addresses
 * of the minimal plan. With passive host names for two addresses of a /28, reverse DNS asks the
 * other fourteen; the next run finds nothing left to ask and sends nothing.
 */
class OnlyGapsRunTest {
  @TempDir Path dir;

  /** The addresses the DNS server was asked about (from the PTR questions). */
  static Set<String> asked(ScriptedDnsServer dns) {
    Set<String> out = new TreeSet<>();
    for (ScriptedDnsServer.Arrival a : dns.arrivals()) {
      String q = DnsReplies.parse(a.bytes()).getQuestion().getName().toString(true);
      String[] l = q.split("\\.");
      out.add(l[3] + "." + l[2] + "." + l[1] + "." + l[0]);
    }
    return out;
  }

  @Test
  void aSupervisedRunAsksOnlyThePlanAndTheNextAsksNothingLeft() throws Exception {
    try (ScriptedDnsServer dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "dev.plant.example.")));
        Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      ActiveLegs legs = new ActiveLegs();
      Supervisor sup = new Supervisor(db, org.otactive.methods.BuiltInMethods.registry(),
          new org.otactive.store.SecretStore(db, null), InstantSource.system(), new ScheduledRunTest.RecordingDispatch(), legs);
      sup.saveUser("x", new User("ada", Role.ADMIN), "first");
      sup.addSite("ada", new Site("plant", java.time.ZoneId.of("UTC"), AddressSet.of("198.51.100.0/28")), List.of(), "test");
      String detail = sup.setMethodSettings("ada", "plant", "rdns", Rdns.options(List.of(dns.spec()), 1, 0, 10, 1), true, "test");
      assertThat(detail).endsWith("only-gaps: off -> on");
      sup.setMethodEnabled("ada", "plant", "rdns", true, "test");
      Instant now = Instant.now();
      sup.addWindow("ada", "plant", new OneOffWindow(now.minusSeconds(60), now.plusSeconds(3600)), "test");
      sup.setMonitoring("ada", true, "go");
      JdbcInventory inventory = new JdbcInventory(db);
      inventory.record(List.of(new Observation("198.51.100.1", "hostname", "plc-1", "passive", "DHCP option 12", now),
          new Observation("198.51.100.2", "hostname", "hmi-2", "passive", "NetBIOS", now),
          new Observation("198.51.100.3", "vendor", "Siemens", "passive", "OUI", now)));
      RunExecutor executor = new RunExecutor(sup, new LegRunner(sup.store(), sup.runs(), inventory, InstantSource.system(),
          Ticker.system(), legs), InstantSource.system());

      long first = sup.startRun("ada", "plant", "rdns", false, "fill the gaps").runId();
      StoredRun queued = sup.run(first);
      assertThat(queued.targets()).isEqualTo(14);
      assertThat(queued.parameters()).contains("only-gaps=14 of 16");
      assertThat(executor.execute(first)).isEmpty();
      assertThat(sup.run(first).state()).isEqualTo("completed");
      Set<String> expected = new TreeSet<>();
      for (int i = 0; i < 16; i++) if (i != 1 && i != 2) expected.add("198.51.100." + i);
      assertThat(asked(dns)).isEqualTo(expected);
      assertThat(dns.count()).isEqualTo(14);

      long second = sup.startRun("ada", "plant", "rdns", false, "again").runId();
      assertThat(sup.run(second).targets()).isZero();
      assertThat(executor.execute(second)).isEmpty();
      assertThat(sup.run(second).state()).isEqualTo("completed");
      assertThat(dns.count()).isEqualTo(14);

      // Off again: the whole site.
      assertThat(sup.setMethodSettings("ada", "plant", "rdns", org.otactive.probe.OptionValues.empty(), false, "all"))
          .isEqualTo("only-gaps: on -> off");
      assertThat(sup.run(sup.startRun("ada", "plant", "rdns", false, "all").runId()).targets()).isEqualTo(16);
    }
  }
}
