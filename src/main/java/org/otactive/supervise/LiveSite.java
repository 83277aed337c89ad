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
 * A supervised leg's view of its site while it sends. An exclusion added or a window removed in
 * the middle of a run applies from the first packet after the leg's watcher sees it (it looks
 * every {@link LegRunner#WATCH}), not when the leg ends: the owner who takes a fragile device out
 * of scope, or calls the maintenance off, means now. The same holds for the addresses the method's
 * own settings ask (WEM's scan ranges: a range disabled mid-scan), read every {@link
 * #METHOD_EVERY} looks because that takes decrypting its secrets. The scope only narrows (the
 * leg's targets were planned from the site as it was; an address added waits for the next run);
 * the windows are taken as they now are.
 */
final class LiveSite {
  /** Every how many refreshes the method's settings are read again (about every 200 ms). */
  static final int METHOD_EVERY = 4;
  private final Supervisor supervisor;
  private final String name;
  private final String method;
  private int refreshes;
  /** The addresses the method's settings ask, once they changed during the leg; else null. */
  private volatile AddressSet methodNarrowed;
  private AddressSet methodTargets;
  private volatile Site site;
  private volatile List<WindowDefinition> definitions;
  private volatile Windows windows;
  /** The site's ranges once they changed during the leg; null while they have not. */
  private volatile AddressSet narrowed;

  LiveSite(Supervisor supervisor, String name, String method) {
    this.supervisor = supervisor;
    this.name = name;
    this.method = method;
    this.site = supervisor.site(name);
    this.definitions = definitions();
    this.windows = new Windows(site.zone(), definitions);
  }

  Site site() {
    return site;
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
    methodTargets = configured.targets(site.ranges()).intersection(site.ranges());
    return methodTargets;
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
   * settings; true when anything changed since the last read. Called by one thread (the watcher).
   */
  boolean refresh() {
    boolean changed = ++refreshes % METHOD_EVERY == 0 && methodChanged();
    Site now = supervisor.site(name);
    List<WindowDefinition> defs = definitions();
    if (now.equals(site) && defs.equals(definitions)) return changed;
    if (!now.ranges().equals(site.ranges())) narrowed = now.ranges();
    site = now;
    definitions = defs;
    windows = new Windows(now.zone(), defs);
    return true;
  }

  private boolean methodChanged() {
    if (methodTargets == null) return false; // no scope handed out yet
    var row = supervisor.store().method(name, method);
    if (row.isEmpty()) return false; // gone: the watcher's refusal ends the leg
    AddressSet ranges = site.ranges();
    AddressSet asked = supervisor.methodSettings().configured(row.get()).targets(ranges).intersection(ranges);
    if (asked.equals(methodTargets)) return false;
    methodTargets = asked;
    methodNarrowed = asked;
    return true;
  }

  private List<WindowDefinition> definitions() {
    return supervisor.store().windows(name).stream().map(JdbcSupervision.StoredWindow::definition).toList();
  }
}
