package org.otactive.netcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otactive.testing.Shell;

/**
 * Real hosts in network namespaces that a test builds and tears down (also when it fails): a
 * sensor (otn-sensor, 192.0.2.10) routed through a gateway (otn-gw, forwarding, with nftables) to
 * a plant subnet (otn-plant: 198.51.100.20-22 and .30) and to a DNS server (otn-dns: NSD on
 * 203.0.113.53). The sensor has routes to 198.51.100.0/24 and 203.0.113.0/25 only, so
 * 203.0.113.128/25 has none. A TCP listener answers on 198.51.100.20:135; the gateway drops TCP 135
 * to .21; nothing listens on .22:135. Counters on the gateway count what the sensor sends where.
 * Every namespace and veth name starts with {@code otn-}.
 */
final class PlantNetwork implements AutoCloseable {
  static final String SENSOR = "otn-sensor";
  static final List<String> NAMESPACES = List.of(SENSOR, "otn-gw", "otn-plant", "otn-dns");

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  PlantNetwork(Path dir) {
    this.dir = dir;
  }

  /** Removes what an earlier, killed test may have left, then builds the network. */
  PlantNetwork start() throws Exception {
    for (String tool : List.of("/usr/sbin/nsd", "/usr/sbin/nft")) {
      if (!Files.isExecutable(Path.of(tool))) throw new IllegalStateException(tool + " is missing: run scripts/test, which installs it");
    }
    tearDownNamespaces();
    Shell.run("ip netns add otn-sensor && ip netns add otn-gw && ip netns add otn-plant && ip netns add otn-dns"
        + " && ip link add otn-s0 netns otn-sensor type veth peer name otn-gs netns otn-gw"
        + " && ip link add otn-p0 netns otn-plant type veth peer name otn-gp netns otn-gw"
        + " && ip link add otn-d0 netns otn-dns type veth peer name otn-gd netns otn-gw"
        + " && ip -n otn-sensor addr add 192.0.2.10/24 dev otn-s0"
        + " && ip -n otn-gw addr add 192.0.2.1/24 dev otn-gs && ip -n otn-gw addr add 198.51.100.1/24 dev otn-gp"
        + " && ip -n otn-gw addr add 203.0.113.1/25 dev otn-gd"
        + " && ip -n otn-plant addr add 198.51.100.20/24 dev otn-p0 && ip -n otn-plant addr add 198.51.100.21/24 dev otn-p0"
        + " && ip -n otn-plant addr add 198.51.100.22/24 dev otn-p0 && ip -n otn-plant addr add 198.51.100.30/24 dev otn-p0"
        + " && ip -n otn-dns addr add 203.0.113.53/25 dev otn-d0"
        + " && for n in otn-sensor otn-gw otn-plant otn-dns; do ip -n $n link set lo up; done"
        + " && ip -n otn-sensor link set otn-s0 up && ip -n otn-plant link set otn-p0 up && ip -n otn-dns link set otn-d0 up"
        + " && ip -n otn-gw link set otn-gs up && ip -n otn-gw link set otn-gp up && ip -n otn-gw link set otn-gd up"
        + " && ip netns exec otn-gw sysctl -qw net.ipv4.ip_forward=1"
        + " && ip -n otn-sensor route add 198.51.100.0/24 via 192.0.2.1"
        + " && ip -n otn-sensor route add 203.0.113.0/25 via 192.0.2.1"
        + " && ip -n otn-plant route add default via 198.51.100.1 && ip -n otn-dns route add default via 203.0.113.1");
    Path rules = Files.writeString(dir.resolve("gw.nft"), String.join("\n",
        "table inet otn {",
        "  chain through {",
        "    type filter hook forward priority 0; policy accept;",
        "    ip saddr 192.0.2.10 counter comment \"from-sensor\"",
        "    ip saddr 192.0.2.10 ip daddr 198.51.100.20 tcp dport 135 tcp flags & (syn | ack) == syn counter comment \"syn-20\"",
        "    ip saddr 192.0.2.10 ip daddr 198.51.100.30 counter comment \"to-30\"",
        "    ip saddr 192.0.2.10 ip daddr != { 198.51.100.20-198.51.100.22, 203.0.113.53 } counter comment \"elsewhere\"",
        "    ip daddr 198.51.100.21 tcp dport 135 drop",
        "  }",
        "}", ""));
    Shell.run("ip netns exec otn-gw nft -f " + rules);
    startNsd();
    Path listener = Files.writeString(dir.resolve("listen.py"), String.join("\n",
        "import socket",
        "s = socket.socket()",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "s.bind(('198.51.100.20', 135))",
        "s.listen(16)",
        "while True:",
        "    c, _ = s.accept()",
        "    c.close()", ""));
    start("ip netns exec otn-plant /usr/bin/python3 " + listener);
    await("otn-plant", "-t", "198.51.100.20:135");
    return this;
  }

  private void startNsd() throws Exception {
    Path zone = Files.writeString(dir.resolve("plant.zone"), String.join("\n",
        "$ORIGIN 100.51.198.in-addr.arpa.", "$TTL 300",
        "@ IN SOA ns.plant.example. admin.plant.example. 1 3600 600 86400 300", "@ IN NS ns.plant.example.",
        "20 IN PTR hmi-20.plant.example.", ""));
    Path conf = Files.writeString(dir.resolve("nsd.conf"), String.join("\n",
        "server:", "  ip-address: 203.0.113.53", "  port: 53", "  username: \"\"", "  chroot: \"\"",
        "  zonesdir: \"" + dir + "\"", "  pidfile: \"" + dir + "/nsd.pid\"", "  database: \"\"",
        "  xfrdfile: \"" + dir + "/xfrd.state\"", "  xfrdir: \"" + dir + "\"", "  zonelistfile: \"" + dir + "/zone.list\"",
        "  logfile: \"" + dir + "/nsd.log\"", "  server-count: 1", "  do-ip6: no", "  hide-version: yes",
        "remote-control:", "  control-enable: no",
        "zone:", "  name: \"100.51.198.in-addr.arpa\"", "  zonefile: \"" + zone.getFileName() + "\"", ""));
    start("ip netns exec otn-dns /usr/sbin/nsd -d -c " + conf);
    await("otn-dns", "-u", "203.0.113.53:53");
  }

  /** Waits until something listens at {@code where} in the namespace. */
  private static void await(String netns, String proto, String where) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (Shell.sh("ip netns exec " + netns + " ss -Hln " + proto + " | grep -qF '" + where + "'").code() == 0) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("nothing listens at " + where + " in " + netns);
  }

  /** The packets a gateway counter (by its comment) has counted. */
  long counter(String comment) throws Exception {
    String rules = Shell.sh("ip netns exec otn-gw nft list chain inet otn through").out();
    Matcher m = Pattern.compile("counter packets (\\d+) bytes \\d+ comment \"" + Pattern.quote(comment) + "\"").matcher(rules);
    if (!m.find()) throw new IllegalStateException("no counter " + comment + " in: " + rules);
    return Long.parseLong(m.group(1));
  }

  private void start(String command) throws IOException {
    processes.add(new ProcessBuilder("sh", "-c", "exec " + command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("process-" + processes.size() + ".log").toFile()).start());
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }
    tearDownNamespaces();
  }

  /** Deleting a namespace removes its veth ends, addresses, routes and nftables rules with it. */
  static void tearDownNamespaces() throws Exception {
    for (String n : NAMESPACES) Shell.sh("ip netns del " + n + " 2>/dev/null; true");
  }
}
