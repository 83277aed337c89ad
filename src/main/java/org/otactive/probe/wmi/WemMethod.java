package org.otactive.probe.wmi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.otactive.common.BadInputException;
import org.otactive.common.DurationText;
import org.otactive.common.Text;
import org.otactive.probe.BadRowException;
import org.otactive.probe.Configured;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.QueryCommand;
import org.otactive.probe.ReportColumn;
import org.otactive.probe.SettingOption;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.safety.Rate;
import org.otactive.scope.AddressSet;

/**
 * Windows Endpoint Monitoring as a registered method ({@code wem}): per site, a table of scan
 * ranges with the account for each (the reference product's FROM, TO, USER, PASSWORD, DISABLE);
 * options for the WMI conversation (namespace, authentication level, time limits) and its traffic
 * budget; the one-off account ({@code --user}, {@code --password-env}) for one-off runs, the Test
 * action and {@code otactive wmi query}.
 *
 * <p>Budget defaults, and why: a host's collection is some 45 request/answer round trips, one at a
 * time on one connection (the device slot lets one probe talk to a host), so the host is never
 * flooded whatever the rate; the per-host rate only spaces the requests. The transport's benchmark
 * (bench/RESULTS.md, "WEM") measured that 200 packets/s, reverse DNS's default, is most of a host's
 * collection time (274 ms of pacing against 77 ms unpaced); 1,000/s keeps one request a millisecond
 * apart and costs about 45 ms. One connection in flight per host port is all the protocol uses.
 * Eight hosts at once keep a scan of a /24 to seconds without a burst on the plant network.
 */
public final class WemMethod implements Method {
  /** The method's id: the source of its observations and its command word. */
  public static final String ID = "wem";

  static final SettingOption USER = SettingOption.of("user", "[DOMAIN\\]USER", null,
      "The Windows account of one-off runs, --test and wmi query (DOMAIN\\user, user@domain or a local user);"
          + " a site's scans log on with the account of each scan range.");
  static final SettingOption PASSWORD = SettingOption.secret("password", "PASSWORD", false, "The password of --user.");
  static final SettingOption NAMESPACE = SettingOption.of("namespace", "NAMESPACE", "root/cimv2",
      "The WMI namespace to log on to (root/cimv2, root\\cimv2 or //./root/cimv2).");
  static final SettingOption AUTH = SettingOption.of("auth", "integrity|privacy", "privacy",
      "DCE/RPC authentication level: privacy (signed and encrypted) or integrity (signed); the host's hint may raise it.");
  static final SettingOption RATE = SettingOption.of("rate", "PACKETS/S|unlimited", "1000",
      "Packets per second to any one host port (1..1000000, or unlimited).");
  static final SettingOption IN_FLIGHT = SettingOption.of("in-flight", "N", "1",
      "Connections open at once to one host port (1..4); WMI needs one.");
  static final SettingOption CONCURRENCY = SettingOption.of("concurrency", "N", "8", "Hosts collected at once (1..64).");
  static final SettingOption TIMEOUT = SettingOption.of("timeout", "DURATION", "20s",
      "The longest wait for a connection or any one answer (1s..5m).");
  static final SettingOption HOST_DEADLINE = SettingOption.of("host-deadline", "DURATION", "2m",
      "The whole conversation with one host, both connections included (1s..1h); a host that stops answering costs at most this.");
  private static final List<SettingOption> OPTIONS = List.of(USER, PASSWORD, NAMESPACE, AUTH, RATE, IN_FLIGHT, CONCURRENCY,
      TIMEOUT, HOST_DEADLINE);
  private static final QueryCommand QUERY = new QueryCommand("wmi", "WQL",
      "One WQL query to one Windows host (the staging test before a scan): " + WqlShape.FORMS);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Windows Endpoint Monitoring";
  }

  @Override
  public String description() {
    return "Logs on to Windows hosts with WMI over DCOM (TCP 135 and the host's object exporter port) and reads the"
        + " operating system, hardware, network adapters, hotfixes and installed software; changes nothing on them.";
  }

  @Override
  public List<SettingOption> options() {
    return OPTIONS;
  }

  @Override
  public List<SettingTable> tables() {
    return List.of(ScanRange.TABLE);
  }

  @Override
  public List<ResultColumn> resultColumns() {
    return List.of(new ResultColumn(WindowsFacts.HOSTNAME, false), new ResultColumn(WindowsFacts.OS_CAPTION, false),
        new ResultColumn(WindowsFacts.OS_BUILD, false), new ResultColumn(WindowsFacts.SERVICE_PACK, false),
        new ResultColumn(WindowsFacts.MAC, false));
  }

  /** What a host's collection fills for the planner: its name, OS, hotfixes and software. */
  private static final List<String> FILLS = List.of(WindowsFacts.HOSTNAME, WindowsFacts.OS_CAPTION,
      WindowsFacts.OS_VERSION, WindowsFacts.HOTFIXES, WindowsFacts.SOFTWARE);

  @Override
  public List<String> fills() {
    return FILLS;
  }

  /**
   * Worth asking while one of {@link #fills} is a gap and the device looks like Windows (an OS
   * some source names contains "Windows") or nothing tells what it is: no OS, no OT protocol it
   * serves, no firmware. A PLC known by its firmware or OT protocol is never asked: logging on
   * over DCOM is no question for it.
   */
  @Override
  public boolean worthAsking(KnownDevice known) {
    if (FILLS.stream().allMatch(known::has)) return false;
    List<String> os = new ArrayList<>(known.values("os"));
    os.addAll(known.values(WindowsFacts.OS_CAPTION));
    if (!os.isEmpty()) return os.stream().anyMatch(o -> o.toLowerCase(Locale.ROOT).contains("windows"));
    return !known.has("ot-server") && !known.has("firmware");
  }

  /** The reference product's "View scan results": one row per host. */
  @Override
  public List<ReportColumn> report() {
    return List.of(ReportColumn.address("IP"), ReportColumn.fact("Host name", WindowsFacts.HOSTNAME),
        ReportColumn.status("Status"), ReportColumn.error("Error"), ReportColumn.fact("OS", WindowsFacts.OS_CAPTION),
        ReportColumn.fact("Service pack", WindowsFacts.SERVICE_PACK), ReportColumn.lastSuccess("Last successful scan"));
  }

  @Override
  public Optional<QueryCommand> queryCommand() {
    return Optional.of(QUERY);
  }

  /**
   * Checks scan ranges as the reference product's import does: each row on its own
   * ({@link ScanRange#of}) and inside the site's ranges.
   */
  @Override
  public List<TableRow> checkRows(SettingTable table, List<TableRow> rows, AddressSet siteScope) {
    if (!table.name().equals(ScanRange.TABLE.name())) throw new IllegalArgumentException("wem has no table " + table.name());
    List<TableRow> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ScanRange r;
      try {
        r = ScanRange.of(rows.get(i));
      } catch (BadInputException e) {
        throw new BadRowException(i, e.getMessage());
      }
      if (!siteScope.containsAll(r.addresses())) {
        throw new BadRowException(i, "the range " + r.spec() + " is not inside the site's ranges ("
            + (siteScope.isEmpty() ? "none" : siteScope) + ")");
      }
      out.add(r.normalised(rows.get(i)));
    }
    return out;
  }

  @Override
  public Configured configure(OptionValues values) {
    String namespace = namespace(values.one(NAMESPACE));
    AuthLevel level = switch (values.one(AUTH).strip().toLowerCase(Locale.ROOT)) {
      case "privacy" -> AuthLevel.PKT_PRIVACY;
      case "integrity" -> AuthLevel.PKT_INTEGRITY;
      default -> throw new BadInputException("--auth must be integrity or privacy, not '" + Text.printable(values.one(AUTH)) + "'");
    };
    Rate rate = Rate.parse(values.one(RATE), "--rate");
    int inFlight = values.integer(IN_FLIGHT, 1, 4);
    int concurrency = values.integer(CONCURRENCY, 1, 64);
    Duration timeout = duration(values, TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5));
    Duration hostDeadline = duration(values, HOST_DEADLINE, Duration.ofSeconds(1), Duration.ofHours(1));
    // Next may keep the host busy for at most a quarter of the call timeout before it answers
    // WBEM_S_TIMEDOUT, so a slow provider is asked again well before the answer is overdue.
    // (Nanos, not Duration.dividedBy: that goes through BigDecimal, whose first use costs a
    // one-off command some 80 ms.)
    Duration quarter = Duration.ofNanos(timeout.toNanos() / 4);
    Duration next = quarter.compareTo(WmiSettings.DEFAULT_NEXT_TIMEOUT) < 0 ? quarter : WmiSettings.DEFAULT_NEXT_TIMEOUT;
    WmiSettings.Template template = new WmiSettings.Template(namespace, level, timeout, next, hostDeadline);
    Optional<Credentials> account = account(values);
    List<ScanRange> ranges = new ArrayList<>();
    List<TableRow> rows = values.table(ScanRange.TABLE.name());
    for (int i = 0; i < rows.size(); i++) {
      try {
        ranges.add(ScanRange.of(rows.get(i)));
      } catch (BadInputException e) {
        throw new BadInputException("scan range " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (account.isEmpty() && !values.hasTable(ScanRange.TABLE.name())) {
      throw new BadInputException("no --user given: the account to log on with (--user [DOMAIN\\]USER --password-env VAR)");
    }
    return new ConfiguredWem(this, values, template, account, ranges, rate, inFlight, concurrency);
  }

  private static Optional<Credentials> account(OptionValues values) {
    String user = values.one(USER);
    String password = values.one(PASSWORD);
    if (user == null || user.isBlank()) {
      if (password != null) throw new BadInputException("--password-env is given without --user");
      return Optional.empty();
    }
    if (password == null) throw new BadInputException("--user " + Text.printable(user) + " needs its password: --password-env VAR");
    try {
      return Optional.of(Credentials.parse(user.strip(), password));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--user '" + Text.printable(user) + "' names no user (DOMAIN\\user, user@domain or user)");
    }
  }

  /** A namespace as NTLMLogin takes it: {@code //./root/cimv2}. */
  static String namespace(String typed) {
    String s = typed == null ? "" : typed.strip().replace('\\', '/');
    String path = s.startsWith("//./") ? s.substring(4) : s;
    if (!path.matches("[A-Za-z0-9_]+(/[A-Za-z0-9_]+){0,15}")) {
      throw new BadInputException("--namespace is not a WMI namespace: '" + Text.printable(typed) + "' (e.g. root/cimv2)");
    }
    return "//./" + path;
  }


  private static Duration duration(OptionValues values, SettingOption option, Duration min, Duration max) {
    Duration d = DurationText.parse(values.one(option), "--" + option.name());
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new BadInputException("--" + option.name() + " out of range: " + DurationText.format(d) + " ("
          + DurationText.format(min) + ".." + DurationText.format(max) + ")");
    }
    return d;
  }
}
