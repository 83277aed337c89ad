package org.otactive.plan;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.otactive.common.DurationText;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.Peer;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.Target;
import org.otactive.schedule.Planner;
import org.otactive.schedule.RunSchedule;
import org.otactive.schedule.Windows;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;

/**
 * The dry run of one method on one site ({@code otactive plan}): one walk over the scope with the
 * method's own {@code whyNotAsked} and, under {@code only-gaps}, the {@link GapPlanner}. Sends
 * nothing: it reads the method's declarations (peers, {@link ProbeSpec}, {@link Budget}) only.
 */
public final class DryRun {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  /** How many windows ahead are shown. */
  static final int WINDOWS = 3;

  private DryRun() {}

  /**
   * What it needs to know besides the method.
   *
   * @param refusals why supervision would refuse any run now (active monitoring off, site stopped)
   * @param others the other sites, whose exclusions the site's runs leave out too
   */
  public record Context(Site site, Windows windows, Optional<RunSchedule> schedule, Instant now, List<String> refusals,
      List<Site> others) {
    public Context(Site site, Windows windows, Optional<RunSchedule> schedule, Instant now, List<String> refusals) {
      this(site, windows, schedule, now, refusals, List.of());
    }
  }

  /** Why a run of the site leaves {@code a} out because another site excluded it; null if none did. */
  private static String excludedElsewhere(List<Site> excluding, InetAddress a) {
    for (Site o : excluding) {
      if (o.excluded().contains(a)) return "excluded at site " + o.name() + " (never to touch; nothing sent)";
    }
    return null;
  }

  /** The dry run of {@code m} (configured on the context's site); {@code planner} decides under only-gaps. */
  public static DryRunReport of(SiteMethod m, GapPlanner planner, Context c) {
    if (!m.isConfigured()) throw new IllegalArgumentException(m.id() + " is not configured");
    Knowledge.checkWalkable(c.site());
    Configured conf = m.configured();
    ProbeSpec spec = conf.spec();
    Probe probe = conf.probe();
    List<Peer> peers = conf.peers();
    long[] first = new long[peers.size()];
    long[] serves = new long[peers.size()];
    AddressRuns<String> targets = new AddressRuns<>();
    AddressRuns<String> excluded = new AddressRuns<>();
    long scope = 0;
    List<Site> excluding = c.others().stream().filter(o -> !o.name().equals(c.site().name()))
        .filter(o -> o.excluded().intersects(c.site().ranges())).toList();
    for (InetAddress a : c.site().ranges()) {
      scope++;
      String why = excludedElsewhere(excluding, a);
      if (why == null && m.onlyGaps()) {
        AddressPlan p = planner.plan(a);
        if (!p.asks(m.id())) why = onlyGapsReason(m, p);
      } else if (why == null && !probe.appliesTo(new Target(a))) {
        why = conf.whyNotAsked(a).orElse("does not apply to it") + " (recorded as such; nothing sent)";
      }
      if (why != null) {
        excluded.add(a, why);
        continue;
      }
      targets.add(a, "");
      boolean firstTaken = false;
      for (int i = 0; i < peers.size(); i++) {
        Peer p = peers.get(i);
        if (p.serves().isEmpty() || p.serves().contains(a)) {
          serves[i]++;
          if (!firstTaken) first[i]++;
          firstTaken = true;
        }
      }
    }
    var targetRuns = targets.runs();
    long count = AddressRuns.total(targetRuns);
    List<DryRunReport.PeerLoad> loads = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      Peer p = peers.get(i);
      String host = Addresses.canonical(p.endpoint().getAddress());
      loads.add(new DryRunReport.PeerLoad((host.contains(":") ? "[" + host + "]" : host) + ":" + p.endpoint().getPort(),
          p.role(), first[i], serves[i]));
    }
    Budget budget = conf.budget();
    Optional<Duration> typical = duration(budget, spec.packetsPerTarget(), first, peers.size(), count, false);
    Optional<Duration> worst = duration(budget, spec.maxPacketsPerTarget(), serves, peers.size(), count, true);
    List<DryRunReport.Window> windows = windows(c.windows(), c.now());
    List<String> when = when(m, c, windows, typical, worst);
    List<DryRunReport.Excluded> out = new ArrayList<>();
    for (var r : excluded.runs()) out.add(new DryRunReport.Excluded(r.spec(), r.count(), r.label()));
    return new DryRunReport(c.site().name(), m.id(), m.method().displayName(), m.state(), spec, budget, scope,
        targetRuns.stream().map(AddressRuns.Run::spec).toList(), count, out, loads, typical, worst, windows, when);
  }

  private static String onlyGapsReason(SiteMethod m, AddressPlan p) {
    if (p.gaps().containsKey(m.id())) {
      String other = p.unavailable().get(m.id());
      if (other != null) return other;
      return "only-gaps: the plan asks " + String.join(", ", p.cover()) + " instead";
    }
    Set<String> known = new LinkedHashSet<>(m.method().fills());
    known.retainAll(p.known().attributes());
    return "only-gaps: nothing to learn" + (known.isEmpty() ? "" : " (" + String.join(", ", known) + " known)");
  }

  /**
   * How long the packets take at the budget's per-peer rate. With peers, each peer works on its
   * share at its own rate, in parallel; the slowest sets the time. Without (the targets are the
   * peers), each device takes its packets at the per-peer rate, {@code concurrency} devices at once.
   */
  static Optional<Duration> duration(Budget b, int perTarget, long[] perPeerTargets, int peers, long targets, boolean worst) {
    if (b.perPeerRate().unlimited() || targets == 0) return targets == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
    double rate = b.perPeerRate().perSecond();
    double seconds;
    if (peers > 0) {
      // At worst a target's packets spread over every server serving it; its share of one is perTarget / peers.
      double share = worst ? Math.ceil((double) perTarget / peers) : perTarget;
      long most = 0;
      for (long n : perPeerTargets) most = Math.max(most, n);
      seconds = most * share / rate;
    } else {
      long waves = (targets + b.concurrency() - 1) / b.concurrency();
      seconds = waves * perTarget / rate;
    }
    return Optional.of(round(Duration.ofNanos((long) Math.ceil(seconds * 1e9))));
  }

  private static Duration round(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofMillis(Math.max(1, d.toMillis()))
        : Duration.ofSeconds(d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
  }

  static List<DryRunReport.Window> windows(Windows w, Instant now) {
    List<DryRunReport.Window> out = new ArrayList<>();
    Instant t = now;
    for (int i = 0; i < WINDOWS; i++) {
      Optional<Instant> start = w.nextOpen(t);
      if (start.isEmpty()) break;
      Instant end = w.openUntil(start.get()).orElse(start.get());
      if (!end.isAfter(start.get())) break;
      out.add(new DryRunReport.Window(start.get(), end));
      t = end;
    }
    return out;
  }

  private static List<String> when(SiteMethod m, Context c, List<DryRunReport.Window> windows, Optional<Duration> typical,
      Optional<Duration> worst) {
    ZoneId zone = c.site().zone();
    List<String> out = new ArrayList<>(c.refusals());
    if (!m.enabled()) out.add(m.id() + " is disabled on site " + c.site().name() + ": no run starts until it is enabled");
    if (c.schedule().isPresent()) {
      Optional<Instant> next = Planner.nextStart(c.schedule().get(), c.windows(), zone, c.now());
      out.add("schedule " + c.schedule().get().spec() + ": next start " + next.map(t -> local(t, zone)).orElse("never (no window ahead)"));
    } else {
      out.add("no schedule: runs start by hand (otactive run start --site " + c.site().name() + " --method " + m.id() + ")");
    }
    if (windows.isEmpty()) {
      out.add("no maintenance window ahead: a run waits for one unless started with --outside-window");
    } else {
      List<String> w = new ArrayList<>();
      for (DryRunReport.Window x : windows) {
        w.add((x.start().equals(c.now()) ? "open now until " + local(x.end(), zone) : local(x.start(), zone) + " to "
            + local(x.end(), zone)) + " (" + DurationText.format(Duration.between(x.start(), x.end())) + ")");
      }
      out.add("windows (" + zone.getId() + "): " + String.join("; ", w));
    }
    out.add(fit(typical, worst, windows));
    return out;
  }

  private static String fit(Optional<Duration> typical, Optional<Duration> worst, List<DryRunReport.Window> windows) {
    if (typical.isEmpty()) return "the budget sets no bound on its time (unlimited rate): the answers pace it";
    String t = "at the budget it takes " + DurationText.format(typical.get())
        + worst.filter(w -> !w.equals(typical.get())).map(w -> " (at worst " + DurationText.format(w) + ")").orElse("");
    if (windows.isEmpty()) return t;
    Duration first = Duration.between(windows.get(0).start(), windows.get(0).end());
    if (typical.get().compareTo(first) <= 0) return t + ": fits in the next window (" + DurationText.format(first) + ")";
    Duration sum = Duration.ZERO;
    for (int i = 0; i < windows.size(); i++) {
      sum = sum.plus(Duration.between(windows.get(i).start(), windows.get(i).end()));
      if (typical.get().compareTo(sum) <= 0) return t + ": needs the next " + (i + 1) + " windows (it pauses between them)";
    }
    return t + ": more than the next " + windows.size() + " windows (it pauses between them and resumes)";
  }

  private static String local(Instant t, ZoneId zone) {
    return t.atZone(zone).toLocalDateTime().format(LOCAL);
  }
}
