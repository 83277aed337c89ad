package org.otactive.passive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.inventory.Device;
import org.otactive.testing.Cli;
import org.otactive.testing.Tshark;
import org.otactive.testing.Shell;

/**
 * A capture made by real programs in two network namespaces this test creates (otp-srv and otp-cli,
 * joined by the veth pair otp-s0/otp-c0, addresses from 198.51.100.0/24, nothing routed out):
 * dnsmasq hands busybox's udhcpc a lease for the host name it sends, answers its DNS question, and
 * mbpoll reads registers from a pymodbus server. dumpcap captures it; the import must find what
 * tshark dissects in the same file.
 */
class NamespaceCaptureTest {
  static final String SERVER = "198.51.100.1";
  @TempDir Path dir;
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    }
    Shell.sh("ip netns del otp-srv 2>/dev/null; ip netns del otp-cli 2>/dev/null; true");
  }

  @Test
  void dhcpDnsAndModbusBetweenRealProgramsAgreeWithTshark() throws Exception {
    for (String tool : List.of("dnsmasq", "busybox", "mbpoll", "dumpcap")) {
      assertThat(Shell.sh("command -v " + tool).code()).as(tool + " is missing: run scripts/test, which installs it").isZero();
    }
    tearDown();
    Shell.run("ip netns add otp-srv && ip netns add otp-cli"
        + " && ip link add otp-s0 netns otp-srv type veth peer name otp-c0 netns otp-cli"
        + " && ip -n otp-srv addr add " + SERVER + "/24 dev otp-s0 && ip -n otp-srv link set otp-s0 up"
        + " && ip -n otp-srv link set lo up && ip -n otp-cli link set otp-c0 up && ip -n otp-cli link set lo up");
    Path capture = dir.resolve("plant.pcapng");
    Process dumpcap = start("ip netns exec otp-srv dumpcap -i otp-s0 -w " + capture);
    awaitLine(dumpcap, "File:");
    start("ip netns exec otp-srv dnsmasq --no-daemon --conf-file=/dev/null --interface=otp-s0 --bind-interfaces"
        + " --dhcp-range=198.51.100.50,198.51.100.59,255.255.255.0,1h --dhcp-leasefile=" + dir.resolve("leases")
        + " --pid-file=" + dir.resolve("dnsmasq.pid") + " --no-resolv --no-hosts"
        + " --host-record=historian.plant.example," + SERVER);
    Path modbus = Files.writeString(dir.resolve("server.py"), String.join("\n",
        "from pymodbus.server import StartTcpServer",
        "from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext",
        "store = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, [17] * 100))",
        "StartTcpServer(context=ModbusServerContext(slaves=store, single=True), address=('" + SERVER + "', 502))", ""));
    start("ip netns exec otp-srv /usr/bin/python3 " + modbus);
    Path script = Files.writeString(dir.resolve("udhcpc.sh"),
        "#!/bin/sh\n[ \"$1\" = bound ] && ip addr add \"$ip/$mask\" dev \"$interface\"\nexit 0\n");
    script.toFile().setExecutable(true);
    Shell.run("ip netns exec otp-cli busybox udhcpc -i otp-c0 -x hostname:hmi-7 -n -q -f -t 10 -T 1 -s " + script);
    Shell.run("ip netns exec otp-cli busybox nslookup -type=a historian.plant.example " + SERVER);
    awaitPort();
    Shell.run("ip netns exec otp-cli mbpoll -m tcp -a 1 -r 1 -c 4 -1 " + SERVER);
    Thread.sleep(300); // let the last frames reach the capture file
    dumpcap.destroy();
    dumpcap.waitFor(10, TimeUnit.SECONDS);

    String db = Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
    Cli.Result r = Cli.run("--db", db, "passive", "import", capture.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<Device> devices;
    try (Database d = Database.open(db)) {
      devices = new JdbcInventory(d).devices();
    }
    String leased = Tshark.column(capture, "dhcp.option.dhcp == 5", "dhcp.ip.your").getFirst();
    String clientMac = Tshark.column(capture, "dhcp.option.hostname", "dhcp.hw.mac_addr").getFirst();
    String sentName = Tshark.column(capture, "dhcp.option.hostname", "dhcp.option.hostname").getFirst();
    String answered = Tshark.column(capture, "dns.flags.response == 1 && dns.a", "dns.a").getFirst();
    assertThat(sentName).isEqualTo("hmi-7");
    assertThat(answered).isEqualTo(SERVER);
    Device client = devices.stream().filter(d -> d.address().equals(leased)).findFirst().orElseThrow();
    Device server = devices.stream().filter(d -> d.address().equals(SERVER)).findFirst().orElseThrow();
    assertThat(client.latest("hostname", "passive").orElseThrow().value()).isEqualTo(sentName);
    assertThat(client.latest("hostname", "passive").orElseThrow().detail()).contains("DHCP option 12");
    assertThat(client.latest("mac", "passive").orElseThrow().value()).isEqualTo(clientMac);
    assertThat(server.latest("hostname", "passive").orElseThrow().value()).isEqualTo("historian.plant.example");
    assertThat(Tshark.column(capture, "mbtcp && tcp.srcport == 502", "ip.src")).containsOnly(SERVER);
    assertThat(Tshark.column(capture, "mbtcp && tcp.dstport == 502", "ip.src")).containsOnly(leased);
    assertThat(server.latest("ot-server", "passive").orElseThrow().value()).isEqualTo("modbus");
    assertThat(client.latest("ot-client", "passive").orElseThrow().value()).isEqualTo("modbus");
    assertThat(client.latest("ot-server", "passive")).isEmpty();
  }

  private void awaitPort() throws Exception {
    for (int i = 0; i < 100; i++) {
      if (Shell.sh("ip netns exec otp-srv ss -ltn | grep -q '" + SERVER + ":502'").code() == 0) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("the pymodbus server did not listen on " + SERVER + ":502");
  }

  private Process start(String command) throws IOException {
    Process p = new ProcessBuilder("sh", "-c", "exec " + command).redirectErrorStream(true).start();
    processes.add(p);
    return p;
  }

  private static void awaitLine(Process p, String prefix) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.startsWith(prefix)) return;
    }
    throw new IllegalStateException("no '" + prefix + "' line: " + seen);
  }
}
