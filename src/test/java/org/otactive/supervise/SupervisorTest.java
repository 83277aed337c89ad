package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.AuditEntry;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.RecurringWindow;
import org.otactive.scope.AddressSet;
import org.otactive.common.BadInputException;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.testing.Rdns;

/** Who may do what, switches, stops and the audit log, on a real H2 database and a fixed clock. */
class SupervisorTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  /** Wednesday 2026-12-02 10:00 in Berlin. */
  private static final Instant NOW = LocalDateTime.parse("2026-12-02T10:00").atZone(ZONE).toInstant();

  @TempDir Path dir;
  private Database db;
  private Supervisor sup;
  private final List<String> dispatched = new ArrayList<>();
  private final ActiveLegs legs = new ActiveLegs();
  private RunDispatch recording;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    recording = new RunDispatch() {
      @Override
      public void dispatch(long runId, Instant at) {
        dispatched.add("run " + runId + " at " + at);
      }

      @Override
      public void plan(String site, String method, Instant at) {
        dispatched.add("plan " + site + "/" + method + " at " + at);
      }

      @Override
      public void unplan(String site, String method) {
        dispatched.add("unplan " + site + "/" + method);
      }
    };
    sup = new Supervisor(db, org.otactive.methods.BuiltInMethods.registry(),
        new org.otactive.store.SecretStore(db, dir.resolve("key")), InstantSource.fixed(NOW), recording, legs);
    sup.saveUser("anyone", new User("ada", Role.ADMIN), "first admin");
    sup.saveUser("ada", new User("olga", Role.OWNER), "test");
    sup.saveUser("ada", new User("otto", Role.OWNER), "test");
    sup.saveUser("ada", new User("vic", Role.VIEWER), "test");
    sup.addSite("ada", new Site("plant", ZONE, AddressSet.of("10.70.0.0/24")), List.of("olga"), "test");
    sup.addSite("ada", new Site("mill", ZONE, AddressSet.of("10.71.0.0/24")), List.of("otto"), "test");
    sup.setMethodSettings("olga", "plant", "rdns", Rdns.options(List.of("127.0.0.1:5399"), 1, 100, 10, 3), "test");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aFreshInstallHasMonitoringOffAndRefusesToStartAnything() {
    assertThat(sup.monitoringOn()).isFalse();
    sup.setMethodEnabled("olga", "plant", "rdns", true, "test");
    sup.addWindow("olga", "plant", new RecurringWindow("0 2 * * 0", Duration.ofHours(3)), "test");
    assertThatThrownBy(() -> sup.startRun("olga", "plant", "rdns", false, "test"))
        .isInstanceOf(Refused.class).hasMessageContaining("active monitoring is off");
    assertThat(sup.runs().runs(java.util.EnumSet.noneOf(org.otactive.run.RunState.class), 10)).isEmpty();
    assertThat(dispatched.stream().filter(d -> d.startsWith("run"))).isEmpty();
  }

  @Test
  void onlyAdminsAndTheSitesOwnersControlASite() {
    sup.setMonitoring("ada", true, "maintenance week");
    sup.setMethodEnabled("olga", "plant", "rdns", true, "test");
    sup.addWindow("olga", "plant", new RecurringWindow("0 2 * * 0", Duration.ofHours(3)), "test");
    assertThatThrownBy(() -> sup.startRun("vic", "plant", "rdns", false, "test")).isInstanceOf(Denied.class)
        .hasMessage("vic may not start runs on site plant (admins and the site's owners only)");
    assertThatThrownBy(() -> sup.startRun("otto", "plant", "rdns", false, "test")).isInstanceOf(Denied.class);
    assertThatThrownBy(() -> sup.stopSite("otto", "plant", "not mine")).isInstanceOf(Denied.class);
    assertThatThrownBy(() -> sup.setMonitoring("olga", false, "owner")).isInstanceOf(Denied.class)
        .hasMessageContaining("admins only");
    assertThatThrownBy(() -> sup.startRun("mallory", "plant", "rdns", false, "test")).isInstanceOf(Denied.class)
        .hasMessageContaining("unknown user 'mallory'");
    assertThatThrownBy(() -> sup.saveUser("olga", new User("eve", Role.ADMIN), "test")).isInstanceOf(Denied.class);

    Supervisor.Started s = sup.startRun("olga", "plant", "rdns", false, "test");
    // Wednesday 10:00: the Sunday window is days away; the run waits for it.
    assertThat(s.opensAt()).isEqualTo(LocalDateTime.parse("2026-12-06T02:00").atZone(ZONE).toInstant());
    assertThat(sup.run(s.runId()).state()).isEqualTo("queued");
    assertThat(sup.run(s.runId()).requestedBy()).isEqualTo("olga");
  }

  @Test
  void outsideTheWindowsOnlyWithAnExplicitAuditedConfirmation() {
    sup.setMonitoring("ada", true, "go");
    sup.setMethodEnabled("olga", "plant", "rdns", true, "test");
    assertThatThrownBy(() -> sup.startRun("olga", "plant", "rdns", false, "test"))
        .isInstanceOf(Refused.class).hasMessageContaining("no maintenance window ahead");
    assertThatThrownBy(() -> sup.startRun("olga", "plant", "rdns", true, " "))
        .isInstanceOf(BadInputException.class).hasMessageContaining("a reason is required");
    Supervisor.Started s = sup.startRun("olga", "plant", "rdns", true, "vendor on site, PLC 4 replaced");
    assertThat(sup.run(s.runId()).outsideWindow()).isTrue();
    AuditEntry last = sup.audit().entries(null).getLast();
    assertThat(last.action()).isEqualTo("run-start-outside-window");
    assertThat(last.actor()).isEqualTo("olga");
    assertThat(last.reason()).isEqualTo("vendor on site, PLC 4 replaced");
  }

  @Test
  void aStoppedSiteStaysStoppedAcrossARestartUntilAnOwnerReArmsIt() {
    sup.setMonitoring("ada", true, "go");
    sup.setMethodEnabled("olga", "plant", "rdns", true, "test");
    sup.addWindow("olga", "plant", OneOffWindow.local(LocalDateTime.parse("2026-12-02T09:00"),
        LocalDateTime.parse("2026-12-02T12:00"), ZONE), "test");
    long run = sup.startRun("olga", "plant", "rdns", false, "test").runId();
    sup.stopSite("olga", "plant", "pump alarm");
    assertThat(sup.run(run).state()).isEqualTo("stopped");
    assertThat(sup.run(run).stopReason()).isEqualTo("stopped by olga: pump alarm");

    db.close();
    db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    sup = new Supervisor(db, org.otactive.methods.BuiltInMethods.registry(),
        new org.otactive.store.SecretStore(db, dir.resolve("key")), InstantSource.fixed(NOW), recording, legs);
    assertThat(sup.store().siteStop("plant")).hasValueSatisfying(st -> assertThat(st.reason()).isEqualTo("pump alarm"));
    assertThatThrownBy(() -> sup.startRun("olga", "plant", "rdns", false, "test"))
        .isInstanceOf(Refused.class).hasMessageContaining("site plant is stopped (pump alarm)");
    assertThatThrownBy(() -> sup.rearm("vic", "plant", "ok")).isInstanceOf(Denied.class);
    sup.rearm("olga", "plant", "alarm cleared");
    assertThat(sup.store().siteStop("plant")).isEmpty();
    assertThat(sup.run(run).state()).as("a stopped run stays stopped").isEqualTo("stopped");
  }

  @Test
  void badInputChangesNothingAndWritesNoAuditEntry() {
    int entries = sup.audit().entries(null).size();
    assertThatThrownBy(() -> sup.addWindow("olga", "plant", OneOffWindow.local(LocalDateTime.parse("2026-12-02T09:00"),
        LocalDateTime.parse("2026-12-02T08:00"), ZONE), "test")).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> sup.addWindow("olga", "plant", OneOffWindow.local(LocalDateTime.parse("2026-11-02T09:00"),
        LocalDateTime.parse("2026-11-02T10:00"), ZONE), "test")).hasMessageContaining("ends in the past");
    sup.addWindow("olga", "plant", new RecurringWindow("0 2 * * 0", Duration.ofHours(3)), "test");
    assertThatThrownBy(() -> sup.addWindow("olga", "plant", new RecurringWindow("0 2 * * 0", Duration.ofHours(3)), "test"))
        .hasMessageContaining("already has this window");
    assertThatThrownBy(() -> sup.importWindows("olga", "plant", "not a calendar", "outages.ics", "test"))
        .isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> sup.setSchedule("olga", "plant", "rdns", "every 0h", "test")).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> sup.setSchedule("olga", "plant", "snmp", "every 6h", "test")).hasMessageContaining("unknown method: 'snmp'");
    assertThat(sup.store().windows("plant")).hasSize(1);
    assertThat(sup.store().method("plant", "rdns").orElseThrow().schedule()).isNull();
    assertThat(sup.audit().entries(null)).hasSize(entries + 1);
  }

  @Test
  void theAuditLogIsAChainThatShowsAnEditedOrRemovedEntry() throws Exception {
    sup.setMonitoring("ada", true, "go");
    sup.setMonitoring("ada", false, "done");
    List<AuditEntry> all = sup.audit().entries(null);
    assertThat(all).extracting(AuditEntry::action).contains("user-save", "site-add", "monitoring-on", "monitoring-off");
    assertThat(all.getFirst().prevHash()).isEqualTo(AuditEntry.GENESIS);
    for (int i = 1; i < all.size(); i++) assertThat(all.get(i).prevHash()).isEqualTo(all.get(i - 1).hash());
    assertThat(sup.audit().verify()).isEmpty();
    assertThat(sup.audit().entries(NOW.plusSeconds(1))).isEmpty();

    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE audit SET reason = 'nothing to see' WHERE action = 'monitoring-off'");
    }
    assertThat(sup.audit().verify()).hasValueSatisfying(m -> assertThat(m).contains("was altered"));
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE audit SET reason = 'done' WHERE action = 'monitoring-off'");
      assertThat(sup.audit().verify()).isEmpty();
      st.executeUpdate("DELETE FROM audit WHERE action = 'monitoring-off'");
    }
    assertThat(sup.audit().verify()).hasValueSatisfying(m -> assertThat(m).contains("missing"));
  }

  @Test
  void monitoringOffStopsEveryRunAndTheLegsSendingHere() {
    sup.setMonitoring("ada", true, "go");
    sup.setMethodEnabled("olga", "plant", "rdns", true, "test");
    long run = sup.startRun("olga", "plant", "rdns", true, "test").runId();
    org.otactive.safety.StopSwitch leg = new org.otactive.safety.StopSwitch();
    legs.register(run, java.util.Set.of("plant"), "rdns", leg);
    sup.setMonitoring("ada", false, "incident");
    assertThat(leg.isStopped()).isTrue();
    assertThat(leg.reason()).contains("active monitoring switched off: incident");
    assertThat(sup.run(run).state()).isEqualTo("stopped");
  }
}
