package org.otactive.supervise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.otactive.testing.Cli;
import org.otactive.testing.LoopbackCapture;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.NsdServer;

/**
 * The set-up most real-process tests of the service share, on one database: the login name as
 * admin, owner olga and viewer vic, and site {@code plant} asking a DNS server with reverse DNS; with
 * the command line's answers read as JSON.
 */
final class Plant {
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final ObjectMapper JSON = new ObjectMapper();

  final String db;

  Plant(String db) {
    this.db = db;
  }

  /** A real NSD with PTR records for the first {@code blocks} /24s of 10.60.0.0/16 ({@code h-C-D.plant.example.}). */
  static NsdServer nsd(int blocks) throws IOException, InterruptedException {
    NsdServer.Zones z = new NsdServer.Zones();
    for (int c = 0; c < blocks; c++) {
      for (int d = 0; d < 256; d++) z.record("60.10.in-addr.arpa", d + "." + c + " IN PTR h-" + c + "-" + d + ".plant.example.");
    }
    return NsdServer.start(z);
  }

  static String ms(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }

  Cli.Result cli(String... args) {
    return Cli.run(Cli.on(db, args));
  }

  Cli.Result ok(String... args) {
    return Cli.ok(Cli.on(db, args));
  }

  /** A wall-clock time as {@code window add --from/--to} takes it (site time, whole seconds). */
  static String local(Instant i) {
    return LocalDateTime.ofInstant(i, ZONE).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private boolean admin;

  /**
   * The login name as the first admin. Before the first {@code serve}: a service started on a
   * database without an admin makes one of its own (for the console), and then only that one may
   * add users.
   */
  Plant firstAdmin() {
    ok("user", "add", Cli.ME, "--role", "admin", "--reason", "set-up");
    admin = true;
    return this;
  }

  /** Users, site plant over {@code ranges} asking {@code dnsServer} at {@code rate}, an optional window, monitoring on. */
  void configure(String ranges, String dnsServer, String rate, Instant windowFrom, Instant windowTo) {
    if (!admin) firstAdmin();
    ok("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    ok("user", "add", "vic", "--role", "viewer", "--reason", "set-up");
    site("plant", ranges, dnsServer, rate, windowFrom, windowTo);
    ok("monitoring", "on", "--reason", "set-up");
  }

  /** Another site owned by olga, with reverse DNS enabled. */
  void site(String name, String ranges, String dnsServer, String rate, Instant windowFrom, Instant windowTo) {
    ok("site", "add", name, "--zone", ZONE.getId(), "--ranges", ranges, "--owner", "olga", "--reason", "set-up");
    ok("method", "set", "rdns", "--site", name, "--dns-server", dnsServer, "--rate", rate, "--reason", "set-up");
    ok("method", "enable", "rdns", "--site", name, "--reason", "set-up");
    if (windowFrom != null) {
      ok("window", "add", "--site", name, "--from", local(windowFrom), "--to", local(windowTo), "--reason", "set-up");
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run as {@code run status ID} shows it: id, method, site, state, done, packets, trigger, by, reason. */
  JsonNode run(long id) {
    return json(ok("run", "status", Long.toString(id), "--format", "json").out()).get(0);
  }

  String state(long id) {
    return run(id).get("state").asText();
  }

  /** The audit log as {@code audit} shows it: id, at, who, what, subject, reason, detail. */
  List<JsonNode> audit() {
    List<JsonNode> out = new ArrayList<>();
    json(ok("audit", "--format", "json").out()).forEach(out::add);
    return out;
  }

  /** The newest audit entry of that action. */
  JsonNode lastAudit(String action) {
    return audit().stream().filter(e -> e.get("what").asText().equals(action)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + action + " in the audit log: " + audit()));
  }

  /** Waits until run {@code id} has recorded {@code packets} packets (its heartbeat records them every second). */
  void awaitPackets(long id, long packets) throws InterruptedException {
    await("run " + id + " to record " + packets + " packets", Duration.ofSeconds(90),
        () -> run(id).get("packets").asLong() >= packets);
  }

  void awaitState(long id, String state, Duration max) throws InterruptedException {
    await("run " + id + " " + state, max, () -> state(id).equals(state));
  }

  static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  /** Whether a process listens on the command socket at {@code path}. */
  static boolean answers(java.nio.file.Path path) {
    try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
        java.net.UnixDomainSocketAddress.of(path))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The pcap filter of what reaches a DNS server on 127.0.0.1 at {@code port}: UDP queries, and TCP
   * (a real server under load answers some queries truncated, and the query goes again over TCP).
   */
  static String queriesTo(int port) {
    return "dst host 127.0.0.1 and dst port " + port;
  }

  /** The question name of a captured query (UDP, or a TCP segment with its length prefix), or "?". */
  static String question(LoopbackCapture.Packet p) {
    try {
      byte[] b = p.payload();
      if (p.protocol() == 6) b = java.util.Arrays.copyOfRange(b, Math.min(2, b.length), b.length);
      return DnsReplies.parse(b).getQuestion().getName().toString();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /** {@code 10.60.1.2} as its reverse name, {@code 2.1.60.10.in-addr.arpa.}. */
  static String reverse(String address) {
    String[] p = address.split("\\.");
    return p[3] + "." + p[2] + "." + p[1] + "." + p[0] + ".in-addr.arpa.";
  }
}
