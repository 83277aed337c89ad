package org.otactive.supervise;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;
import org.otactive.safety.SendWindow;
import org.otactive.schedule.WindowDefinition;
import org.otactive.schedule.Windows;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.JdbcSupervision;

/**
 * A supervised leg's view of its site and method while it sends, read again by the leg's watcher
 * (every {@link LegRunner#WATCH}) so that a change applies now, not when the run ends: the owner
 * who excludes a fragile device or calls the maintenance off means now.
 *
 * <ul>
 *   <li>The site's ranges and windows are read every look, with the other sites' exclusions (an
 *       address any site excluded is never touched): an excluded address is out of scope from the
 *       next packet on, a removed window closes the gate.
 *   <li>The method's settings are read every {@link #METHOD_EVERY} looks (that decrypts its
 *       secrets): when they changed, what they no longer ask (WEM: a disabled scan range) is out of
 *       scope at once, and the leg ends so that the run goes on in a new leg with them ({@link
 *       #next}: another DNS server or a lower rate applies to the rest).
 * </ul>
 *
 * <p>A run never widens: its legs ask at most what its first leg planned; an address added to the
 * site or the method waits for the next run.
 */
final class LiveSite {
  /** Every how many looks the method's settings are read again (about every 200 ms). */
  static final int METHOD_EVERY = 4;
  private final Supervisor supervisor;
  private final String name;
  private final String method;
  /** What the run's first leg planned, for a leg it goes on in after a settings change; else null. */
  private final AddressSet carried;
  private int refreshes;
  private AddressSet methodTargets;
  /** The method's settings the leg was planned with (secrets and table rows included). */
  private org.otactive.probe.OptionValues methodValues;
  /** The addresses the method's settings ask, once they changed during the leg; else null. */
  private volatile AddressSet methodNarrowed;
  private volatile Site site;
  /** The site's ranges less what other sites excluded ({@link Supervisor#reachable}), as last read. */
  private volatile AddressSet reach;
  private volatile List<WindowDefinition> definitions;
  private volatile Windows windows;
  /** The site's ranges once they changed during the leg; null while they have not. */
  private volatile AddressSet narrowed;

  LiveSite(Supervisor supervisor, String name, String method) {
    this(supervisor, name, method, null);
  }

  private LiveSite(Supervisor supervisor, String name, String method, AddressSet carried) {
    this.supervisor = supervisor;
    this.name = name;
    this.method = method;
    this.carried = carried;
    List<Site> all = supervisor.sites().list();
    this.site = find(all);
    this.reach = Supervisor.reachable(site, all);
    this.definitions = definitions();
    this.windows = new Windows(site.zone(), definitions);
  }

  /** The site's windows as last read. */
  Windows windows() {
    return windows;
  }

  /**
   * The addresses {@code configured} asks on the site as it is now (WEM: its enabled scan ranges),
   * never outside the site's: what the leg plans from, and the scope {@link #scope} narrows.
   */
  AddressSet plan(org.otactive.probe.Configured configured) {
    methodValues = configured.values();
    AddressSet asked = configured.targets(reach).intersection(reach);
    if (carried == null) {
      methodTargets = asked;
    } else {
      // The run goes on over what it planned first, never wider; what the settings or the site
      // no longer ask is out of scope.
      methodTargets = carried;
      methodNarrowed = asked;
      narrowed = reach;
    }
    return methodTargets;
  }

  /** The view of the leg the run goes on in after its method's settings changed. */
  LiveSite next() {
    return new LiveSite(supervisor, name, method, methodTargets);
  }

  /** The leg's scope: its {@link #plan}, narrowed to the site and the method's settings as they now are. */
  Predicate<InetAddress> scope() {
    AddressSet planned = methodTargets;
    if (planned == null) throw new IllegalStateException("plan first");
    return a -> {
      AddressSet now = narrowed;
      AddressSet asked = methodNarrowed;
      return planned.contains(a) && (now == null || now.contains(a)) && (asked == null || asked.contains(a));
    };
  }

  /** The site's windows as they now are. */
  SendWindow window() {
    return now -> windows.openUntil(now).orElse(null);
  }

  /**
   * Reads the site and its windows again, and every {@link #METHOD_EVERY} calls the method's
   * settings; says what changed since the last read. Called by one thread (the watcher).
   */
  LegRunner.Refresh refresh() {
    boolean settings = ++refreshes % METHOD_EVERY == 0 && methodChanged();
    List<Site> all = supervisor.sites().list();
    Site now = find(all);
    AddressSet nowReach = Supervisor.reachable(now, all);
    List<WindowDefinition> defs = definitions();
    boolean siteChanged = !now.equals(site) || !nowReach.equals(reach) || !defs.equals(definitions);
    if (siteChanged) {
      if (!nowReach.equals(reach)) narrowed = nowReach;
      site = now;
      reach = nowReach;
      definitions = defs;
      windows = new Windows(now.zone(), defs);
    }
    return settings ? LegRunner.Refresh.RESTART : siteChanged ? LegRunner.Refresh.RECONSIDER : LegRunner.Refresh.SAME;
  }

  /** Whether the method's settings changed; what it asks is narrowed at once, before the leg ends. */
  private boolean methodChanged() {
    if (methodValues == null) return false; // not planned yet
    var row = supervisor.store().method(name, method);
    if (row.isEmpty()) return false; // gone: the watcher's refusal ends the leg
    var configured = supervisor.methodSettings().configured(row.get());
    if (configured.values().equals(methodValues)) return false;
    AddressSet ranges = reach;
    methodNarrowed = configured.targets(ranges).intersection(ranges);
    return true;
  }

  /** This leg's site among {@code all}; a site removed is an unknown site, as {@link Supervisor#site} says. */
  private Site find(List<Site> all) {
    for (Site s : all) {
      if (s.name().equals(name)) return s;
    }
    return supervisor.site(name);
  }

  private List<WindowDefinition> definitions() {
    return supervisor.store().windows(name).stream().map(JdbcSupervision.StoredWindow::definition).toList();
  }
}
