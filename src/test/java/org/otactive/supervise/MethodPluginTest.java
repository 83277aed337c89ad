package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.AuditEntry;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.probe.MethodRegistry;
import org.otactive.probe.OptionValues;
import org.otactive.run.RunState;
import org.otactive.safety.Ticker;
import org.otactive.schedule.OneOffWindow;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.testing.EchoMethod;
import org.otactive.testing.LoopbackCapture;
import org.otactive.testing.ScriptedDnsServer;

/**
 * A method is a plug-in: {@link EchoMethod}, which lives in the test tree only, goes through the
 * real supervisor, scheduler (db-scheduler), leg runner and store: configured with a secret,
 * enabled, scheduled, run in a window, paused, resumed, stopped and re-armed. No main code names it.
 */
class MethodPluginTest {
  private static final String TOKEN = "s3cret-t0ken-4711";

  @TempDir Path dir;

  static MethodRegistry registry() {
    return org.otactive.testing.EchoOtactive.registry();
  }

  static OptionValues echo(String server, String rate) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("echo-server", List.of(server));
    m.put("token", List.of(TOKEN));
    m.put("rate", List.of(rate));
    return new OptionValues(m);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(5);
    }
  }

  /** The addresses the echo server was asked about after {@code after} (each datagram: key, token|address). */
  private static List<String> asked(LoopbackCapture.Result wire, Instant after) {
    return wire.after(after).stream()
        .map(p -> new String(p.payload(), 2, p.payload().length - 2, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aTestOnlyMethodIsConfiguredScheduledPausedStoppedAndReArmedThroughTheRealSupervision() throws Exception {
    try (ScriptedDnsServer echo = new ScriptedDnsServer(EchoMethod::echo);
        Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
        Services services = new Services(db, registry(), null, Clock.systemUTC(), Ticker.system())) {
      Supervisor sup = services.supervisor();
      sup.saveUser("x", new User("ada", Role.ADMIN), "first admin");
      sup.saveUser("ada", new User("olga", Role.OWNER), "set-up");
      sup.addSite("ada", new Site("plant", java.time.ZoneId.of("Europe/Berlin"), AddressSet.of("10.95.0.0/24")),
          List.of("olga"), "set-up");
      String detail = sup.setMethodSettings("olga", "plant", "echo", echo(echo.spec(), "300"), "set-up");
      assertThat(detail).contains("token set").doesNotContain(TOKEN);
      sup.setMethodEnabled("olga", "plant", "echo", true, "set-up");
      Instant now = Instant.now();
      sup.addWindow("olga", "plant", new OneOffWindow(now.minusSeconds(60), now.plusSeconds(3600)), "set-up");
      sup.setMonitoring("ada", true, "go");
      sup.setSchedule("olga", "plant", "echo", "every 6h", "set-up");
      assertThat(services.binding().planned("plant", "echo")).isPresent();

      services.startExecuting("test");
      // What reached the echo server, stamped by the kernel (not by the server's busy thread).
      LoopbackCapture capture = LoopbackCapture.to(echo.endpoint());
      services.binding().plan("plant", "echo", Instant.now()); // as if its time had come
      await("the scheduled run to send", () -> echo.count() >= 40);
      StoredRun run = sup.runs().runs(EnumSet.of(RunState.RUNNING), 10).getFirst();
      assertThat(run.trigger()).isEqualTo("schedule");
      assertThat(run.method()).isEqualTo("echo");

      sup.pause("olga", run.id(), "operator asked");
      Instant paused = Instant.now();
      await("the leg to end", () -> services.legs().legs().isEmpty());
      Thread.sleep(300);
      int beforeResume = echo.count();
      Set<String> finished = sup.runs().results(run.id()).stream().map(r -> TOKEN + "|" + r.address())
          .collect(Collectors.toSet());
      assertThat(finished).isNotEmpty();

      Instant resumed = Instant.now();
      sup.resume("olga", run.id(), "go on");
      await("the resumed run to send", () -> echo.count() >= beforeResume + 40);
      sup.stopSite("olga", "plant", "pump 3 alarm");
      Instant stopped = Instant.now();
      Thread.sleep(300);
      LoopbackCapture.Result wire = capture.stop();
      assertThat(wire.dropped()).isZero();
      assertThat(wire.sentBetween(paused.plusMillis(100), resumed)).as("nothing sent 100 ms after the pause, until the resume")
          .isEmpty();
      assertThat(asked(wire, stopped.plusMillis(100))).as("nothing sent 100 ms after the stop").isEmpty();
      assertThat(sup.run(run.id()).state()).isEqualTo("stopped");
      List<String> all = asked(wire, Instant.EPOCH);
      assertThat(all).as("every datagram carries the secret, decrypted").allSatisfy(d -> assertThat(d).startsWith(TOKEN + "|"));
      // An address with a result before the pause is never asked again (one cut short by the pause
      // has no result, and is).
      for (String f : finished) assertThat(all.stream().filter(f::equals).count()).as(f).isEqualTo(1);

      assertThat(sup.store().siteStop("plant")).isPresent();
      sup.rearm("olga", "plant", "alarm cleared");
      long second = sup.startRun("olga", "plant", "echo", false, "after the alarm").runId();
      await("the second run to complete", () -> sup.run(second).runState() == RunState.COMPLETED);
      assertThat(sup.run(second).done()).isEqualTo(256);
      assertThat(sup.runs().results(second)).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("ok"));
      Optional<StoredRun> after = sup.runs().run(second);
      assertThat(after.orElseThrow().packets()).isEqualTo(256);

      List<AuditEntry> audit = sup.audit().entries(null);
      assertThat(audit).extracting(AuditEntry::action).contains("method-settings", "method-enable", "schedule-set",
          "run-start", "run-pause", "run-resume", "stop-site", "rearm");
      assertThat(audit).allSatisfy(e -> assertThat(e.reason() + e.detail() + e.subject()).doesNotContain(TOKEN));
      assertThat(sup.audit().verify()).isEmpty();
    }
  }
}
