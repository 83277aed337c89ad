package org.otactive.supervise;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.otactive.access.AuditEntry;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.probe.rdns.ReverseDnsProbe;
import org.otactive.run.RunState;
import org.otactive.schedule.IcsCalendar;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.RunSchedule;
import org.otactive.schedule.WindowDefinition;
import org.otactive.schedule.Windows;
import org.otactive.scope.AddressSet;
import org.otactive.scope.BadInputException;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcAudit;
import org.otactive.store.JdbcRunLog;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.JdbcSites;
import org.otactive.store.JdbcSupervision;
import org.otactive.store.JdbcSupervision.MethodSetting;

/**
 * Everything a user does to supervise active monitoring, with who may do it, checked and audited
 * in one place: the command line and (later) the console call this and nothing below it.
 *
 * <p>Every change is validated before anything is written, so bad input changes nothing; every
 * successful change appends one audit entry. Stops reach the runs sending in this process at once
 * (through {@link ActiveLegs}) and runs in other processes through the database.
 */
public final class Supervisor {
  /** The methods that can be configured on a site, in one visible list. */
  public static final List<String> METHODS = List.of(ReverseDnsProbe.ID);

  /** How far ahead an imported calendar's recurring events are expanded. */
  public static final int ICS_HORIZON_DAYS = 730;

  private static final Set<RunState> UNFINISHED =
      EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.PAUSED, RunState.RUNNING);

  private final InstantSource clock;
  private final JdbcSites sites;
  private final JdbcSupervision store;
  private final JdbcAudit audit;
  private final JdbcRunLog runs;
  private final RunDispatch dispatch;
  private final ActiveLegs legs;

  public Supervisor(Database db, InstantSource clock, RunDispatch dispatch, ActiveLegs legs) {
    this.clock = clock;
    this.sites = new JdbcSites(db);
    this.store = new JdbcSupervision(db);
    this.audit = new JdbcAudit(db);
    this.runs = new JdbcRunLog(db);
    this.dispatch = dispatch;
    this.legs = legs;
  }

  public JdbcSupervision store() {
    return store;
  }

  public JdbcAudit audit() {
    return audit;
  }

  public JdbcRunLog runs() {
    return runs;
  }

  public JdbcSites sites() {
    return sites;
  }

  public InstantSource clock() {
    return clock;
  }

  // ---- who

  /** The user of that name, or Denied when unknown. */
  public User user(String name) {
    return store.user(User.checkName(name)).orElseThrow(() -> new Denied(
        "unknown user '" + name + "' (an admin adds users with: otactive user add NAME --role ROLE)"));
  }

  private User admin(String actor, String what) {
    User u = user(actor);
    if (u.role() != Role.ADMIN) throw new Denied(actor + " may not " + what + " (admins only)");
    return u;
  }

  /** Admins, and owners of that site, control it. */
  private User controller(String actor, String site, String what) {
    User u = user(actor);
    if (u.role() == Role.ADMIN) return u;
    if (u.role() == Role.OWNER && store.owners(site).contains(u.name())) return u;
    throw new Denied(actor + " may not " + what + " on site " + site + " (admins and the site's owners only)");
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) throw new BadInputException("a reason is required (--reason TEXT)");
    return reason.strip();
  }

  private AuditEntry record(String actor, String action, String subject, String reason, String detail) {
    return audit.append(clock.instant(), actor, action, subject, reason == null ? "" : reason, detail);
  }

  // ---- users and sites

  /** Adds a user or changes a role. The very first admin may be added by anyone (bootstrap). */
  public void saveUser(String actor, User user, String reason) {
    boolean bootstrap = store.users().stream().noneMatch(u -> u.role() == Role.ADMIN);
    if (bootstrap) {
      if (user.role() != Role.ADMIN) throw new Denied("there is no admin yet: add one first (otactive user add NAME --role admin)");
    } else {
      admin(actor, "add or change users");
    }
    store.saveUser(user, clock.instant());
    record(bootstrap ? user.name() : actor, "user-save", "user " + user.name(), reason,
        "role=" + user.role().word() + (bootstrap ? " (first admin)" : ""));
  }

  public Site site(String name) {
    return sites.find(name).orElseThrow(() -> new BadInputException("unknown site: '" + AddressSet.printable(name) + "'"));
  }

  /** Adds or changes a site (admins); owners named here are added to its owners. */
  public void saveSite(String actor, Site site, List<String> owners, String reason) {
    admin(actor, "add or change sites");
    for (String o : owners) {
      User u = user(o);
      if (u.role() == Role.VIEWER) throw new BadInputException("user " + o + " is a viewer and cannot own a site");
    }
    boolean existed = sites.find(site.name()).isPresent();
    sites.save(site);
    for (String o : owners) store.addOwner(site.name(), o);
    record(actor, existed ? "site-change" : "site-add", "site " + site.name(), reason,
        "zone=" + site.zone().getId() + " ranges=" + site.ranges() + (owners.isEmpty() ? "" : " owners+=" + owners));
  }

  // ---- switches

  public boolean monitoringOn() {
    return store.switchOn(JdbcSupervision.ACTIVE_MONITORING);
  }

  /** The global switch (admins). Off stops every run at once; nothing is sent until it is on again. */
  public int setMonitoring(String actor, boolean on, String reason) {
    admin(actor, "switch active monitoring " + (on ? "on" : "off"));
    String why = reason(reason);
    store.setSwitch(JdbcSupervision.ACTIVE_MONITORING, on, actor, clock.instant());
    int stopped = 0;
    if (!on) stopped = stopRuns(null, actor, "active monitoring switched off: " + why);
    record(actor, on ? "monitoring-on" : "monitoring-off", "active monitoring", why,
        on ? "" : stopped + " run(s) stopped");
    return stopped;
  }

  /** Enables or disables a method on a site (admins and the site's owners). */
  public void setMethodEnabled(String actor, String site, String method, boolean enabled, String reason) {
    controller(actor, site, (enabled ? "enable " : "disable ") + method);
    MethodSetting m = configured(site, method);
    store.saveMethod(new MethodSetting(site, method, enabled, m.settings(), m.schedule(), m.scheduleAnchor()));
    if (!enabled) {
      for (StoredRun r : unfinished(site)) {
        if (r.method().equals(method)) stopRun(r, actor, method + " disabled on " + site);
      }
    }
    replan(site, method);
    record(actor, enabled ? "method-enable" : "method-disable", "site " + site + " method " + method, reason, "");
  }

  /** Sets a method's settings on a site; a new method starts disabled. */
  public void setRdnsSettings(String actor, String site, RdnsMethodSettings settings, String reason) {
    site(site);
    controller(actor, site, "change rdns settings");
    Optional<MethodSetting> old = store.method(site, ReverseDnsProbe.ID);
    store.saveMethod(new MethodSetting(site, ReverseDnsProbe.ID, old.map(MethodSetting::enabled).orElse(false),
        settings.toJson(), old.map(MethodSetting::schedule).orElse(null), old.map(MethodSetting::scheduleAnchor).orElse(null)));
    record(actor, "method-settings", "site " + site + " method rdns", reason, settings.toJson());
  }

  private MethodSetting configured(String site, String method) {
    site(site);
    checkMethod(method);
    return store.method(site, method).orElseThrow(() -> new BadInputException(
        method + " is not configured on site " + site + " (otactive method set " + method + " --site " + site + " ...)"));
  }

  public static String checkMethod(String method) {
    if (!METHODS.contains(method)) {
      throw new BadInputException("unknown method: '" + AddressSet.printable(method) + "' (known: " + String.join(", ", METHODS) + ")");
    }
    return method;
  }

  // ---- schedules

  /** Sets (or with null clears) when a method runs on a site. */
  public RunSchedule setSchedule(String actor, String site, String method, String spec, String reason) {
    MethodSetting m = configured(site, method);
    controller(actor, site, "change the schedule of " + method);
    Instant now = clock.instant();
    RunSchedule parsed = spec == null ? null : RunSchedule.parse(spec, now.truncatedTo(ChronoUnit.MINUTES));
    store.saveMethod(new MethodSetting(site, method, m.enabled(), m.settings(), parsed == null ? null : parsed.spec(),
        parsed == null ? null : now.truncatedTo(ChronoUnit.MINUTES)));
    replan(site, method);
    record(actor, "schedule-set", "site " + site + " method " + method, reason, parsed == null ? "none" : parsed.spec());
    return parsed;
  }

  /** The schedule of a method on a site as stored, if it has one. */
  public Optional<RunSchedule> schedule(MethodSetting m) {
    if (m.schedule() == null) return Optional.empty();
    return Optional.of(RunSchedule.parse(m.schedule(), m.scheduleAnchor()));
  }

  /** Plans the next firing of a schedule (or removes the plan when disabled or unscheduled). */
  public void replan(String site, String method) {
    Optional<MethodSetting> m = store.method(site, method);
    if (m.isEmpty() || !m.get().enabled() || m.get().schedule() == null) {
      dispatch.unplan(site, method);
      return;
    }
    ZoneId zone = site(site).zone();
    dispatch.plan(site, method, schedule(m.get()).orElseThrow().nextAfter(clock.instant(), zone));
  }

  // ---- windows

  public Windows windows(String site) {
    Site s = site(site);
    return new Windows(s.zone(), store.windows(site).stream().map(JdbcSupervision.StoredWindow::definition).toList());
  }

  public List<Long> addWindow(String actor, String site, WindowDefinition w, String reason) {
    site(site);
    controller(actor, site, "add maintenance windows");
    if (w instanceof OneOffWindow o && !o.end().isAfter(clock.instant())) {
      throw new BadInputException("the window ends in the past: " + o.end());
    }
    for (JdbcSupervision.StoredWindow existing : store.windows(site)) {
      if (existing.definition().equals(w)) {
        throw new BadInputException("site " + site + " already has this window (id " + existing.id() + ")");
      }
    }
    List<Long> ids = store.addWindows(site, List.of(w), "cli", clock.instant());
    record(actor, "window-add", "site " + site, reason, "window " + ids.get(0) + ": " + w);
    wakeWaiting(site);
    return ids;
  }

  /** Imports a calendar's events as one-off windows; all or nothing. */
  public List<OneOffWindow> importWindows(String actor, String site, String icsText, String fileName, String reason) {
    Site s = site(site);
    controller(actor, site, "import maintenance windows");
    Instant now = clock.instant();
    List<OneOffWindow> found = IcsCalendar.expand(icsText, s.zone(), now, now.plus(ICS_HORIZON_DAYS, ChronoUnit.DAYS));
    if (found.isEmpty()) throw new BadInputException(fileName + " has no event from now on");
    List<OneOffWindow> fresh = new ArrayList<>(found);
    fresh.removeAll(store.windows(site).stream().map(JdbcSupervision.StoredWindow::definition).toList());
    store.addWindows(site, fresh, "ics:" + fileName, now);
    record(actor, "window-import", "site " + site, reason,
        fileName + ": " + fresh.size() + " window(s) added, " + (found.size() - fresh.size()) + " already there");
    wakeWaiting(site);
    return fresh;
  }

  /** Runs waiting for a window look again (a new window may open sooner, or at all). */
  private void wakeWaiting(String site) {
    for (StoredRun r : unfinished(site)) {
      if (r.runState() == RunState.WAITING_WINDOW) dispatch.dispatch(r.id(), clock.instant());
    }
  }

  public void removeWindow(String actor, String site, long id, String reason) {
    site(site);
    controller(actor, site, "remove maintenance windows");
    if (!store.removeWindow(site, id)) throw new BadInputException("site " + site + " has no window " + id);
    record(actor, "window-remove", "site " + site, reason, "window " + id);
  }

  // ---- runs

  /** What {@link #startRun} did. */
  public record Started(long runId, Instant opensAt) {}

  /**
   * Queues a run of {@code method} over the site's ranges (admins and owners). Outside the site's
   * windows it waits for the next one, unless {@code outsideWindow} is confirmed (with a reason).
   */
  public Started startRun(String actor, String site, String method, boolean outsideWindow, String reason) {
    Site s = site(site);
    MethodSetting m = configured(site, method);
    controller(actor, site, "start runs");
    if (!monitoringOn()) throw new BadInputException("active monitoring is off (an admin turns it on: otactive monitoring on --reason TEXT)");
    if (!m.enabled()) throw new BadInputException(method + " is disabled on site " + site + " (otactive method enable " + method + " --site " + site + ")");
    store.siteStop(site).ifPresent(st -> {
      throw new BadInputException("site " + site + " is stopped (" + st.reason() + "); an owner re-arms it first: otactive rearm --site " + site);
    });
    if (s.ranges().isEmpty()) throw new BadInputException("site " + site + " has no address ranges");
    Instant now = clock.instant();
    Windows w = windows(site);
    Optional<Instant> opens = outsideWindow ? Optional.of(now) : w.nextOpen(now);
    if (outsideWindow) reason(reason);
    if (opens.isEmpty()) {
      throw new BadInputException("site " + site + " has no maintenance window ahead; start it outside windows with"
          + " --outside-window --reason TEXT, or add a window");
    }
    long id = queue(s, method, "manual", actor, outsideWindow, now);
    record(actor, outsideWindow ? "run-start-outside-window" : "run-start", "run " + id + " site " + site + " method " + method,
        reason, opens.get().isAfter(now) ? "waits for the window opening at " + opens.get() : "");
    dispatch.dispatch(id, now);
    return new Started(id, opens.get());
  }

  /**
   * Allows a one-off run from the command line (targets given there, not a site's): admins only,
   * with active monitoring on; audited before anything is sent.
   */
  public void allowOneOff(String actor, String what) {
    admin(actor, "run one-off scans");
    if (!monitoringOn()) throw new BadInputException("active monitoring is off (an admin turns it on: otactive monitoring on --reason TEXT)");
    record(actor, "one-off", what, "", "");
  }

  /** Queues a run for a schedule that fired; returns empty when it may not run or one is still unfinished. */
  public Optional<Long> scheduledRun(String site, String method) {
    Optional<MethodSetting> m = store.method(site, method);
    Optional<Site> s = sites.find(site);
    if (m.isEmpty() || s.isEmpty() || !m.get().enabled() || !monitoringOn() || store.siteStop(site).isPresent()) {
      return Optional.empty();
    }
    if (unfinished(site).stream().anyMatch(r -> r.method().equals(method))) return Optional.empty();
    Instant now = clock.instant();
    long id = queue(s.get(), method, "schedule", "scheduler", false, now);
    record("scheduler", "run-start", "run " + id + " site " + site + " method " + method, "schedule " + m.get().schedule(), "");
    dispatch.dispatch(id, now);
    return Optional.of(id);
  }

  /** A run of {@code method} over the site's ranges, queued (nothing sent). */
  private long queue(Site s, String method, String trigger, String by, boolean outsideWindow, Instant now) {
    long targets = s.ranges().size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    return runs.queue(method, s.name(), "site=" + s.name() + " ranges=" + s.ranges(), targets, trigger, by,
        outsideWindow, now);
  }

  public StoredRun run(long id) {
    return runs.run(id).orElseThrow(() -> new BadInputException("no run " + id));
  }

  private List<StoredRun> unfinished(String site) {
    return runs.runs(UNFINISHED, Integer.MAX_VALUE).stream()
        .filter(r -> site == null || site.equals(r.site())).toList();
  }

  public void pause(String actor, long id, String reason) {
    StoredRun r = supervised(id);
    controller(actor, r.site(), "pause runs");
    String why = reason(reason);
    if (!runs.transition(id, EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.RUNNING), RunState.PAUSED,
        "paused by " + actor + ": " + why, clock.instant())) {
      throw new BadInputException("run " + id + " is " + run(id).state() + " and cannot be paused");
    }
    legs.haltRun(id, ActiveLegs.Intent.PAUSE, "paused by " + actor + ": " + why);
    record(actor, "run-pause", "run " + id + " site " + r.site(), why, "");
  }

  public void resume(String actor, long id, String reason) {
    StoredRun r = supervised(id);
    controller(actor, r.site(), "resume runs");
    if (!monitoringOn()) throw new BadInputException("active monitoring is off");
    store.siteStop(r.site()).ifPresent(st -> {
      throw new BadInputException("site " + r.site() + " is stopped; re-arm it first: otactive rearm --site " + r.site());
    });
    if (!runs.transition(id, EnumSet.of(RunState.PAUSED), RunState.QUEUED, null, clock.instant())) {
      throw new BadInputException("run " + id + " is " + run(id).state() + ", not paused");
    }
    record(actor, "run-resume", "run " + id + " site " + r.site(), reason, "");
    dispatch.dispatch(id, clock.instant());
  }

  private StoredRun supervised(long id) {
    StoredRun r = run(id);
    if (r.site() == null) throw new BadInputException("run " + id + " is a one-off command-line run; stop it with Ctrl-C");
    return r;
  }

  /** Stops one run for good (admins and the site's owners). Results are kept. */
  public void stopRun(String actor, long id, String reason) {
    StoredRun r = run(id);
    if (r.site() != null) controller(actor, r.site(), "stop runs");
    else admin(actor, "stop one-off runs");
    String why = reason(reason);
    if (!stopRun(r, actor, why)) throw new BadInputException("run " + id + " has already ended (" + r.state() + ")");
    record(actor, "stop-run", "run " + id + (r.site() == null ? "" : " site " + r.site()), why, "");
  }

  private boolean stopRun(StoredRun r, String actor, String why) {
    String text = "stopped by " + actor + ": " + why;
    // The switch first: the packets end now, the record follows. A run halted here may record its
    // own end before the transition below reaches it; it was stopped all the same.
    boolean halted = legs.haltRun(r.id(), ActiveLegs.Intent.STOP, text);
    return runs.transition(r.id(), UNFINISHED, RunState.STOPPED, text, clock.instant()) || halted;
  }

  private int stopRuns(String site, String actor, String why) {
    String text = "stopped by " + actor + ": " + why;
    // Runs halted here may record their own end before the loop below reaches them: count both.
    java.util.Set<Long> stopped = new java.util.HashSet<>(legs.haltSite(site, ActiveLegs.Intent.STOP, text));
    for (StoredRun r : unfinished(site)) {
      if (runs.transition(r.id(), UNFINISHED, RunState.STOPPED, text, clock.instant())) stopped.add(r.id());
    }
    return stopped.size();
  }

  /** Stops a site: its runs end now and no run starts there until an owner re-arms it. */
  public int stopSite(String actor, String site, String reason) {
    site(site);
    controller(actor, site, "stop");
    String why = reason(reason);
    int n = stopRuns(site, actor, why);
    store.stopSite(site, why, actor, clock.instant());
    record(actor, "stop-site", "site " + site, why, n + " run(s) stopped");
    return n;
  }

  /** Stops every site and every run (admins). */
  public int stopAll(String actor, String reason) {
    admin(actor, "stop all sites");
    String why = reason(reason);
    int n = stopRuns(null, actor, why);
    for (Site s : sites.list()) store.stopSite(s.name(), why, actor, clock.instant());
    record(actor, "stop-all", "all sites", why, n + " run(s) stopped");
    return n;
  }

  /** Lets a stopped site run again; its stopped runs stay stopped. */
  public void rearm(String actor, String site, String reason) {
    site(site);
    controller(actor, site, "re-arm");
    String why = reason(reason);
    if (!store.rearmSite(site)) throw new BadInputException("site " + site + " is not stopped");
    record(actor, "rearm", "site " + site, why, "");
    for (String method : METHODS) replan(site, method);
  }
}
