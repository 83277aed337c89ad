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
 * of scope, or calls the maintenance off, means now. The scope only narrows (the leg's targets
 * were planned from the site as it was; an address added to the site waits for the next run); the
 * windows are taken as they now are.
 */
final class LiveSite {
  private final Supervisor supervisor;
  private final String name;
  private volatile Site site;
  private volatile List<WindowDefinition> definitions;
  private volatile Windows windows;
  /** The site's ranges once they changed during the leg; null while they have not. */
  private volatile AddressSet narrowed;

  LiveSite(Supervisor supervisor, String name) {
    this.supervisor = supervisor;
    this.name = name;
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

  /** The leg's planned scope, and the site's ranges as they now are. */
  Predicate<InetAddress> scope(AddressSet planned) {
    return a -> {
      AddressSet now = narrowed;
      return planned.contains(a) && (now == null || now.contains(a));
    };
  }

  /** The site's windows as they now are. */
  SendWindow window() {
    return now -> windows.openUntil(now).orElse(null);
  }

  /** Reads the site and its windows again; true when either changed since the last read. */
  boolean refresh() {
    Site now = supervisor.site(name);
    List<WindowDefinition> defs = definitions();
    if (now.equals(site) && defs.equals(definitions)) return false;
    if (!now.ranges().equals(site.ranges())) narrowed = now.ranges();
    site = now;
    definitions = defs;
    windows = new Windows(now.zone(), defs);
    return true;
  }

  private List<WindowDefinition> definitions() {
    return supervisor.store().windows(name).stream().map(JdbcSupervision.StoredWindow::definition).toList();
  }
}
