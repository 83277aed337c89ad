package org.otactive.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real NSD started by a test on a free loopback port, serving zone files the test writes.
 * {@link #close} kills it and removes its folder.
 */
public final class NsdServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;

  private NsdServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** A zone: its name and the records under its origin, one per line in master-file syntax. */
  public static final class Zones {
    private final Map<String, StringBuilder> zones = new LinkedHashMap<>();

    public Zones zone(String name) {
      zones.computeIfAbsent(name, n -> new StringBuilder()
          .append("$ORIGIN ").append(n).append(".\n$TTL 300\n")
          .append("@ IN SOA ns.test. admin.test. 1 3600 600 86400 300\n@ IN NS ns.test.\n"));
      return this;
    }

    public Zones record(String zone, String line) {
      zone(zone);
      zones.get(zone).append(line).append('\n');
      return this;
    }
  }

  public static NsdServer start(Zones zones) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/sbin/nsd"))) {
      throw new IllegalStateException("NSD is not installed: run scripts/test, which installs Debian's nsd");
    }
    for (int attempt = 0; ; attempt++) {
      Path dir = Files.createTempDirectory("otactive-nsd");
      int port = freePort();
      StringBuilder conf = new StringBuilder()
          .append("server:\n")
          .append("  ip-address: 127.0.0.1\n")
          .append("  port: ").append(port).append('\n')
          .append("  username: \"\"\n  chroot: \"\"\n")
          .append("  zonesdir: \"").append(dir).append("\"\n")
          .append("  pidfile: \"").append(dir).append("/nsd.pid\"\n")
          .append("  database: \"\"\n")
          .append("  xfrdfile: \"").append(dir).append("/xfrd.state\"\n")
          .append("  xfrdir: \"").append(dir).append("\"\n")
          .append("  zonelistfile: \"").append(dir).append("/zone.list\"\n")
          .append("  logfile: \"").append(dir).append("/nsd.log\"\n")
          .append("  server-count: 1\n  verbosity: 1\n  do-ip6: no\n  hide-version: yes\n")
          .append("remote-control:\n  control-enable: no\n");
      int i = 0;
      for (Map.Entry<String, StringBuilder> z : zones.zones.entrySet()) {
        String file = "zone" + (i++) + ".zone";
        Files.writeString(dir.resolve(file), z.getValue(), StandardCharsets.US_ASCII);
        conf.append("zone:\n  name: \"").append(z.getKey()).append("\"\n  zonefile: \"").append(file).append("\"\n");
      }
      Files.writeString(dir.resolve("nsd.conf"), conf);
      Process p = new ProcessBuilder("/usr/sbin/nsd", "-d", "-c", dir.resolve("nsd.conf").toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("nsd.out").toFile())
          .start();
      NsdServer server = new NsdServer(dir, port, p);
      if (server.awaitReady(zones.zones.keySet().iterator().next(), Duration.ofSeconds(10))) return server;
      String log = Files.exists(dir.resolve("nsd.out")) ? Files.readString(dir.resolve("nsd.out")) : "";
      server.close();
      if (attempt >= 2) throw new IllegalStateException("NSD did not start: " + log);
    }
  }

  private boolean awaitReady(String zone, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) return false;
      try {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(port);
        r.setTimeout(Duration.ofMillis(200));
        Message reply = r.send(Message.newQuery(Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN)));
        if (reply.getRcode() == Rcode.NOERROR && !reply.getSection(1).isEmpty()) return true;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    return false;
  }

  static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
          return p;
        } catch (IOException taken) {
          // UDP side in use; try another
        }
      }
    }
    throw new IOException("no free loopback port");
  }

  public int port() {
    return port;
  }

  public InetSocketAddress endpoint() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** {@code 127.0.0.1:PORT}, the CLI's server form. */
  public String spec() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // temp folder; best effort
    }
  }
}
