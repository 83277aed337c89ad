import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.otactive.probe.wmi.WindowsHostCollector;
import org.otactive.probe.wmi.WmiException;
import org.otactive.probe.wmi.WmiSession;
import org.otactive.probe.wmi.WmiSettings;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.testing.GatedTest;
import org.otactive.testing.fakewindows.FakeWindowsHost;
import org.otactive.testing.fakewindows.Wmiquery;

/**
 * One host's full collection (five WQL queries, GetObject of StdRegProv, EnumKey and the values of
 * every Uninstall entry in both registry views, one RemRelease) against the fake Windows host on
 * 127.0.0.58, through a real run gate. Prints the first (cold) collection, then the median, p90
 * and max of ROUNDS more, with round trips and connections per host; then impacket's wmiquery.py
 * (whole process, its default level) and our session (in this warm JVM, privacy) over the same
 * five queries. Run by bench/wem/run.sh.
 */
public class HostCollection {
  static final String USER = "wem-bench";
  static final String PASSWORD = "Bench-Passw0rd";
  static final List<String> QUERIES = List.of(
      "SELECT Caption, Version, BuildNumber, CSDVersion, ServicePackMajorVersion, ServicePackMinorVersion,"
          + " OSArchitecture, InstallDate, LastBootUpTime FROM Win32_OperatingSystem",
      "SELECT Name, DNSHostName, Domain, Workgroup, PartOfDomain, Manufacturer, Model FROM Win32_ComputerSystem",
      "SELECT SerialNumber FROM Win32_BIOS",
      "SELECT Description, MACAddress, IPAddress FROM Win32_NetworkAdapterConfiguration WHERE IPEnabled = TRUE",
      "SELECT HotFixID FROM Win32_QuickFixEngineering");

  record Sample(double millis, int roundTrips, int connections) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    try (FakeWindowsHost host = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.58", USER, PASSWORD))) {
      Credentials creds = Credentials.parse(USER, PASSWORD);
      Limits gateDefaults = Limits.defaults();
      Limits unpaced = Limits.defaults().withPerPeerRate(Rate.UNLIMITED);
      Sample cold = collect(host, WmiSettings.of(creds), unpaced);
      System.out.printf("first collection in a fresh JVM (privacy, unpaced): %.0f ms, %d round trips, %d connections%n",
          cold.millis(), cold.roundTrips(), cold.connections());
      for (int i = 0; i < 3; i++) collect(host, WmiSettings.of(creds), unpaced); // warm-up, not counted
      System.out.println("| level | gate per-peer rate | median ms | p90 ms | max ms | round trips | connections |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|");
      for (AuthLevel level : List.of(AuthLevel.PKT_PRIVACY, AuthLevel.PKT_INTEGRITY)) {
        for (Limits limits : List.of(unpaced, gateDefaults)) {
          List<Sample> samples = new ArrayList<>();
          for (int i = 0; i < rounds; i++) samples.add(collect(host, WmiSettings.of(creds).withAuthLevel(level), limits));
          report(level + "", limits.perPeerRate() + "", samples);
        }
      }
      queriesSideBySide(host, creds, rounds);
    }
  }

  static Sample collect(FakeWindowsHost host, WmiSettings settings, Limits limits) throws Exception {
    int before = host.connections().size();
    long t0 = System.nanoTime();
    WindowsHostCollector.Collection c = GatedTest.run(host.address(), Set.of(), limits, ctx -> {
      try {
        return new WindowsHostCollector(settings).collection(ctx);
      } catch (WmiException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
    double ms = (System.nanoTime() - t0) / 1e6;
    if (c.facts().size() < 15 || !c.problems().isEmpty()) throw new IllegalStateException("incomplete: " + c);
    return new Sample(ms, c.stats().roundTrips(), host.connections().size() - before);
  }

  static void report(String level, String rate, List<Sample> samples) {
    List<Double> ms = new ArrayList<>(samples.stream().map(Sample::millis).toList());
    Collections.sort(ms);
    System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %d | %d |%n", level, rate, ms.get(ms.size() / 2),
        ms.get((int) Math.ceil(ms.size() * 0.9) - 1), ms.get(ms.size() - 1), samples.get(0).roundTrips(),
        samples.stream().mapToInt(Sample::connections).max().orElse(0));
  }

  static void queriesSideBySide(FakeWindowsHost host, Credentials creds, int rounds) throws Exception {
    Path file = Files.createTempFile("wem-bench", ".wql");
    Files.write(file, QUERIES);
    List<Double> impacket = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    int n = Math.max(5, rounds / 2);
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      String out = Wmiquery.run("default", file, USER, PASSWORD, host.address().getHostAddress());
      if (out.contains("[-]") || !out.contains("SVPL4711C0815")) {
        throw new IllegalStateException("wmiquery.py failed: " + out);
      }
      impacket.add((System.nanoTime() - t0) / 1e6);
      long t1 = System.nanoTime();
      GatedTest.run(host.address(), Set.of(), Limits.defaults().withPerPeerRate(Rate.UNLIMITED), ctx -> {
        try (WmiSession s = WmiSession.open(ctx, WmiSettings.of(creds))) {
          for (String q : QUERIES) s.query(q);
          return null;
        } catch (WmiException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
      ours.add((System.nanoTime() - t1) / 1e6);
    }
    Collections.sort(impacket);
    Collections.sort(ours);
    double a = impacket.get(n / 2);
    double b = ours.get(n / 2);
    System.out.printf("five queries, median of %d: impacket wmiquery.py (whole process, integrity on the exporter) %.0f ms;"
        + " otactive session (warm JVM, privacy) %.1f ms; ratio %.1f%n", n, a, b, a / b);
  }
}
