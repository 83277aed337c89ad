import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.otactive.cli.Main;
import org.otactive.testing.DnsRelay;
import org.otactive.testing.NsdServer;

/**
 * Stop latency under load: a real `otactive serve`, started by ./otactive as a user starts it,
 * scans a /16 at full speed against NSD (behind a relay that timestamps every query); `otactive
 * stop --site` is typed as a new `./otactive` process (the whole command: JVM start, start-up
 * cache, hand-over to the service); we measure from the moment that process is started to the last
 * query that reaches the DNS side. While the scan runs, `run status`, `devices` and `site show` are
 * timed the same way, as processes. Run by bench/stop/run.sh (needs the test classes for NSD and
 * the relay, and ./otactive's jar built). OTACTIVE_SERVE_NICE is passed on to ./otactive.
 */
public class StopLatency {
  static String db;

  static String run(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--db";
    full[1] = db;
    System.arraycopy(args, 0, full, 2, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(full, new PrintWriter(out, true), new PrintWriter(err, true));
    if (code != 0) throw new IllegalStateException(String.join(" ", args) + ": " + err);
    return out.toString();
  }

  /** Runs {@code ./otactive --db DB ARGS} as its own process; returns its wall time in ms. */
  static double process(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("./otactive", "--db", db));
    cmd.addAll(List.of(args));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", args) + ": exit " + p.exitValue());
    return (System.nanoTime() - start) / 1e6;
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  static double max(List<Double> xs) {
    return Collections.max(xs);
  }

  public static void main(String[] a) throws Exception {
    int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 10;
    NsdServer.Zones z = new NsdServer.Zones();
    for (int i = 0; i < 256; i++) z.record("61.10.in-addr.arpa", i + ".0 IN PTR h-" + i + ".plant.example.");
    List<Double> latency = new ArrayList<>();
    List<Double> command = new ArrayList<>();
    List<Double> status = new ArrayList<>();
    List<Double> devices = new ArrayList<>();
    List<Double> siteShow = new ArrayList<>();
    try (NsdServer nsd = NsdServer.start(z)) {
      for (int r = 0; r < rounds; r++) {
        Path dir = Files.createTempDirectory("otactive-stop-bench");
        db = "jdbc:h2:file:" + dir.resolve("db");
        try (DnsRelay relay = new DnsRelay(nsd.endpoint())) {
          String me = System.getProperty("user.name");
          run("user", "add", me, "--role", "admin", "--reason", "bench");
          run("site", "add", "plant", "--zone", "Europe/Berlin", "--ranges", "10.61.0.0/16", "--reason", "bench");
          run("method", "set", "rdns", "--site", "plant", "--dns-server", relay.spec(), "--rate", "unlimited", "--reason", "bench");
          run("method", "enable", "rdns", "--site", "plant", "--reason", "bench");
          Instant now = Instant.now();
          run("window", "add", "--site", "plant", "--from", local(now.minusSeconds(60)), "--to", local(now.plusSeconds(3600)), "--reason", "bench");
          run("monitoring", "on", "--reason", "bench");
          Path log = dir.resolve("serve.log");
          // Started as a user starts it (./otactive: the jar and its start-up cache).
          Process serve = new ProcessBuilder("./otactive", "--db", db, "serve", "--health-interval", "1s")
              .redirectErrorStream(true).redirectOutput(log.toFile()).start();
          while (!Files.readString(log).contains("commands on")) Thread.sleep(20);
          run("run", "start", "--site", "plant", "--method", "rdns", "--reason", "bench");
          while (relay.count() < 5000) Thread.sleep(5);
          // While the scan runs at full speed, as an operator would type them.
          status.add(process("run", "status"));
          devices.add(process("devices"));
          siteShow.add(process("site", "show", "plant"));
          long issued = System.nanoTime();
          process("stop", "--site", "plant", "--reason", "bench");
          long returned = System.nanoTime();
          Thread.sleep(1000);
          long last = relay.queries().stream().mapToLong(DnsRelay.Query::nanos).max().orElseThrow();
          latency.add((last - issued) / 1e6);
          command.add((returned - issued) / 1e6);
          System.out.printf("round %d: %d queries before the stop; last query %.1f ms after `otactive stop` started;"
              + " it ended after %.1f ms; run status %.0f ms, devices %.0f ms, site show %.0f ms%n", r + 1, relay.count(),
              (last - issued) / 1e6, (returned - issued) / 1e6, status.getLast(), devices.getLast(), siteShow.getLast());
          serve.destroy();
          serve.waitFor(30, TimeUnit.SECONDS);
        }
        org.apache.commons.io.file.PathUtils.deleteDirectory(dir); // a round's database is not needed after it
      }
    }
    System.out.printf("`otactive stop` started -> last query: median %.1f ms, max %.1f ms over %d rounds%n",
        median(latency), max(latency), latency.size());
    System.out.printf("`otactive stop` whole process: median %.1f ms, max %.1f ms%n", median(command), max(command));
    System.out.printf("`otactive run status` while scanning: median %.1f ms, max %.1f ms%n", median(status), max(status));
    System.out.printf("`otactive devices` while scanning: median %.1f ms, max %.1f ms%n", median(devices), max(devices));
    System.out.printf("`otactive site show plant` while scanning: median %.1f ms, max %.1f ms%n", median(siteShow), max(siteShow));
  }

  static String local(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneId.of("Europe/Berlin")).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
