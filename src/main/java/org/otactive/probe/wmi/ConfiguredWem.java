package org.otactive.probe.wmi;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.otactive.probe.Access;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.Impact;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.Peer;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.QueryAnswer;
import org.otactive.probe.TestReport;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.safety.Rate;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * WEM with validated settings: which account logs on to which address (the first enabled scan
 * range that holds it, else the one-off account), the WMI settings shared by all, and the budget.
 * Immutable and thread-safe.
 */
final class ConfiguredWem implements Configured {
  /** What the Test action asks: enough to prove activation, login and a query. */
  static final String TEST_QUERY = "SELECT Caption, Version, BuildNumber, CSDVersion FROM Win32_OperatingSystem";
  /** Packets of a typical host's collection (bench/RESULTS.md: 42 round trips and two connects, a few hotfixes). */
  static final int TYPICAL_PACKETS = 60;
  /**
   * At worst: five queries of batched Next calls and four registry reads for each of the
   * {@link WindowsHostCollector#MAX_SOFTWARE} Uninstall entries of both views.
   */
  static final int WORST_PACKETS = 2 * 4 * WindowsHostCollector.MAX_SOFTWARE + 5_000;

  private final Method method;
  private final OptionValues values;
  private final WmiSettings.Template template;
  private final Optional<Credentials> account;
  private final List<ScanRange> ranges;
  private final Rate rate;
  private final int inFlight;
  private final int concurrency;

  ConfiguredWem(Method method, OptionValues values, WmiSettings.Template template, Optional<Credentials> account,
      List<ScanRange> ranges, Rate rate, int inFlight, int concurrency) {
    this.method = method;
    this.values = values;
    this.template = template;
    this.account = account;
    this.ranges = List.copyOf(ranges);
    this.rate = rate;
    this.inFlight = inFlight;
    this.concurrency = concurrency;
  }

  @Override
  public Method method() {
    return method;
  }

  @Override
  public OptionValues values() {
    return values;
  }

  /** WEM talks to the hosts themselves: no infrastructure peer. */
  @Override
  public List<Peer> peers() {
    return List.of();
  }

  @Override
  public ProbeSpec spec() {
    return new ProbeSpec(WemMethod.ID, "WMI over DCOM", WmiSettings.EPMAP_PORT, Impact.READ_ONLY, TYPICAL_PACKETS, WORST_PACKETS, 2, 2,
        "TCP 135 for the DCOM activation, then the object exporter's port on the same host: NTLM login, five WQL"
            + " queries and the registry's Uninstall keys, one release");
  }

  @Override
  public Budget budget() {
    return new Budget(rate, inFlight, concurrency);
  }

  @Override
  public Probe probe() {
    return new WemProbe(this);
  }

  /** The enabled scan ranges inside the site's scope; every address there has an account. */
  @Override
  public AddressSet targets(AddressSet siteScope) {
    List<String> specs = new ArrayList<>();
    for (ScanRange r : ranges) if (!r.disabled()) specs.add(r.spec());
    if (specs.isEmpty()) return AddressSet.empty();
    return AddressSet.of(specs, List.of()).intersection(siteScope);
  }

  /** The settings to log on to {@code address} with, or empty when no account is given for it. */
  Optional<WmiSettings> settingsFor(InetAddress address) {
    for (ScanRange r : ranges) {
      if (!r.disabled() && r.contains(address)) return Optional.of(template.forAccount(r.account()));
    }
    return account.map(template::forAccount);
  }

  @Override
  public Optional<String> whyNotAsked(InetAddress target) {
    return settingsFor(target).isPresent() ? Optional.empty() : Optional.of(noAccount(target));
  }

  /**
   * TCP 135 on each target for the activation, then the object exporter's port on the same host,
   * which the activation reply names: learned at run time, so the check names it rather than
   * tries it.
   */
  @Override
  public List<Access> access() {
    return List.of(Access.connectTargets(WmiSettings.EPMAP_PORT, "DCOM activation (RPC endpoint mapper)"),
        Access.dynamicTargetPort(Access.Transport.TCP, "WMI object exporter, port named in the activation reply"));
  }

  static String noAccount(InetAddress address) {
    return "no account for " + Addresses.canonical(address) + ": no enabled scan range holds it and no --user is given";
  }

  @Override
  public List<TestReport> test(InetAddress target, ProbeContext context) throws InterruptedException {
    Optional<WmiSettings> s = settingsFor(target);
    List<TestReport.Field> fields = new ArrayList<>(List.of(new TestReport.Field("target", Addresses.canonical(target))));
    if (s.isEmpty()) {
      fields.add(new TestReport.Field("verdict", noAccount(target)));
      return List.of(new TestReport(false, fields));
    }
    fields.add(new TestReport.Field("account", s.get().credentials().toString()));
    fields.add(new TestReport.Field("namespace", s.get().namespace()));
    fields.add(new TestReport.Field("level", level(s.get())));
    Instant start = context.clock().instant();
    try {
      WmiClient.QueryResult r = WmiClient.query(context, s.get(), TEST_QUERY);
      String os = r.objects().stream().filter(o -> o instanceof org.otactive.probe.wmi.wmio.WmiInstance)
          .map(o -> (org.otactive.probe.wmi.wmio.WmiInstance) o).findFirst()
          .map(i -> WmiText.sanitize(WindowsHostCollector.text(i, "Caption")) + " "
              + WmiText.sanitize(WindowsHostCollector.text(i, "Version")))
          .orElse("(no Win32_OperatingSystem instance)");
      fields.add(new TestReport.Field("verdict", "logged on and queried"
          + (r.warnings().isEmpty() ? "" : "; " + String.join("; ", r.warnings()))));
      fields.add(new TestReport.Field("os", os));
      fields.add(new TestReport.Field("took", millis(r.elapsed())));
      fields.add(new TestReport.Field("cost", cost(r.stats())));
      return List.of(new TestReport(r.warnings().isEmpty(), fields));
    } catch (WmiException e) {
      fields.add(new TestReport.Field("verdict", e.getMessage()));
      fields.add(new TestReport.Field("reason", e.reason().word));
      fields.add(new TestReport.Field("took", millis(Duration.between(start, context.clock().instant()))));
      return List.of(new TestReport(false, fields));
    }
  }

  @Override
  public void checkQuery(String text) {
    WqlShape.check(text);
  }

  @Override
  public QueryAnswer query(InetAddress target, String text, ProbeContext context) throws InterruptedException {
    Instant start = context.clock().instant();
    Optional<WmiSettings> s = settingsFor(target);
    if (s.isEmpty()) return QueryAnswer.failed(Duration.ZERO, "", noAccount(target));
    try {
      WmiClient.QueryResult r = WmiClient.query(context, s.get(), text);
      return WmiRows.answer(r.objects(), r.elapsed(), cost(r.stats()), String.join("; ", r.warnings()));
    } catch (WmiException e) {
      return QueryAnswer.failed(Duration.between(start, context.clock().instant()), "", e.getMessage());
    }
  }

  static String cost(WmiSession.Stats stats) {
    return stats.connections() + " connections, " + stats.roundTrips() + " round trips";
  }

  private static String level(WmiSettings s) {
    return s.authLevel().name().toLowerCase(Locale.ROOT).replace("pkt_", "packet ") + " (or higher at the host's hint)";
  }

  private static String millis(Duration d) {
    return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }
}
