package org.otactive.supervise;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.otactive.access.Channel;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.common.BadInputException;
import org.otactive.common.NotFoundException;
import org.otactive.common.Text;
import org.otactive.probe.Method;
import org.otactive.probe.MethodRegistry;
import org.otactive.probe.OptionValues;
import org.otactive.probe.SettingTable;
import org.otactive.run.RunState;
import org.otactive.schedule.IcsCalendar;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.RunSchedule;
import org.otactive.schedule.WindowDefinition;
import org.otactive.schedule.Windows;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcAccounts;
import org.otactive.store.JdbcAudit;
import org.otactive.store.JdbcRunLog;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.JdbcSites;
import org.otactive.store.JdbcSupervision;
import org.otactive.store.JdbcSupervision.MethodSetting;
import org.otactive.store.SecretStore;

/**
 * Everything a user does to supervise active monitoring, with who may do it, checked and audited
 * in one place: the command line, the console and the REST API call this and nothing below it.
 * Each caller works through the view of its {@link Channel} ({@link #via}), which the audit log
 * records beside the acting user; the checks are the same whatever the channel.
 *
 * <p>Every change is validated before anything is written, and the change and its audit entry are
 * written in one transaction: both or neither. Stops throw the switches of the runs sending in this
 * process first (through {@link ActiveLegs}) and record afterwards; runs in other processes see
 * them through the database.
 */
public final class Supervisor {
  /** How far ahead an imported calendar's recurring events are expanded. */
  public static final int ICS_HORIZON_DAYS = 730;

  static final Set<RunState> UNFINISHED =
      EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.PAUSED, RunState.RUNNING);

  private final Database db;
  private final InstantSource clock;
  private final JdbcSites sites;
  private final JdbcSupervision store;
  private final JdbcAccounts accounts;
  private final JdbcAudit audit;
  private final JdbcRunLog runs;
  private final SecretStore secrets;
  private final MethodSettings methods;
  private final RunDispatch dispatch;
  private final ActiveLegs legs;
  private final Planning planning;
  private final Channel channel;

  public Supervisor(Database db, MethodRegistry registry, SecretStore secrets, InstantSource clock, RunDispatch dispatch,
      ActiveLegs legs) {
    this(db, registry, secrets, clock, dispatch, legs, new JdbcAudit(db));
  }

  /** With the audit log given (a test makes one that fails, to see that the change goes with it). */
  Supervisor(Database db, MethodRegistry registry, SecretStore secrets, InstantSource clock, RunDispatch dispatch,
      ActiveLegs legs, JdbcAudit audit) {
    this.db = db;
    this.clock = clock;
    this.sites = new JdbcSites(db);
    this.store = new JdbcSupervision(db);
    this.accounts = new JdbcAccounts(db);
    this.audit = audit;
    this.runs = new JdbcRunLog(db);
    this.secrets = secrets;
    this.methods = new MethodSettings(registry, store, secrets,
        new MethodTables(new org.otactive.store.JdbcMethodTables(db), secrets));
    this.dispatch = dispatch;
    this.legs = legs;
    this.channel = Channel.CLI;
    this.planning = new Planning(this, new org.otactive.store.JdbcInventory(db));
  }

  /** Coverage, the minimal plan and dry runs of the sites. */
  public Planning planning() {
    return planning;
  }

  private Supervisor(Supervisor of, Channel channel) {
    this.db = of.db;
    this.clock = of.clock;
    this.sites = of.sites;
    this.store = of.store;
    this.accounts = of.accounts;
    this.audit = of.audit;
    this.runs = of.runs;
    this.secrets = of.secrets;
    this.methods = of.methods;
    this.dispatch = of.dispatch;
    this.legs = of.legs;
    this.channel = channel;
    this.planning = of.planning;
  }

  /** The same supervisor, recording {@code channel} in the audit entries of what is done through it. */
  public Supervisor via(Channel channel) {
    return channel == this.channel ? this : new Supervisor(this, channel);
  }

  /** The channel this view records (the command line's by default). */
  public Channel channel() {
    return channel;
  }


  public JdbcSupervision store() {
    return store;
  }

  /** Logins, sessions, tokens and OS accounts of users (no secret is readable through it). */
  public JdbcAccounts accounts() {
    return accounts;
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

  public MethodSettings methodSettings() {
    return methods;
  }

  public MethodRegistry registry() {
    return methods.registry();
  }

  // ---- who

  /** The user who acts, or Denied when unknown. */
  public User user(String name) {
    return store.user(User.checkName(name)).orElseThrow(() -> new Denied("unknown user '" + name + "' (a command acts as"
        + " the user --as names, else $OTACTIVE_USER, else the login name; an admin adds users with: otactive user add"
        + " NAME --role ROLE --reason TEXT)"));
  }

  /** A user a command names (a site's owner, whose password to reset): unknown is bad input, not a refusal. */
  public User namedUser(String name) {
    return store.user(User.checkName(name)).orElseThrow(() -> new BadInputException("unknown user: '"
        + Text.printable(name) + "' (an admin adds users with: otactive user add NAME --role ROLE --reason TEXT)"));
  }

  User admin(String actor, String what) {
    User u = user(actor);
    if (u.role() != Role.ADMIN) throw new Denied(actor + " may not " + what + " (admins only)");
    return u;
  }

  /** Admins, and owners of that site, control it. */
  User controller(String actor, String site, String what) {
    User u = user(actor);
    if (u.role() == Role.ADMIN) return u;
    if (u.role() == Role.OWNER && store.owners(site).contains(u.name())) return u;
    throw new Denied(actor + " may not " + what + " on site " + site + " (admins and the site's owners only)");
  }

  /** The reason every audited change must give. */
  static String reason(String reason) {
    if (reason == null || reason.isBlank()) throw new BadInputException("a reason is required (--reason TEXT)");
    return reason.strip();
  }

  void record(String actor, String action, String subject, String reason, String detail) {
    record(channel, actor, action, subject, reason, detail);
  }

  private void record(Channel through, String actor, String action, String subject, String reason, String detail) {
    audit.append(clock.instant(), actor, through.word(), action, subject, reason == null ? "" : reason, detail);
  }

  /** Writes a change and its audit entry in one transaction. */
  <T> T changeAndRecord(Supplier<T> change) {
    return db.transaction(c -> change.get());
  }

  private void changeAndRecord(Runnable change) {
    db.transaction(c -> {
      change.run();
      return null;
    });
  }

  // ---- users and sites

  /** Adds a user or changes a role. The very first admin may be added by anyone (bootstrap). */
  public void saveUser(String actor, User user, String reason) {
    saveUser(actor, user, null, reason);
  }

  /**
   * Adds a user or changes a role, and when {@code osLogin} is given maps that operating-system
   * login to the user: commands on the service's socket from that account act as this user.
   */
  public void saveUser(String actor, User user, String osLogin, String reason) {
    String why = reason(reason);
    if (osLogin != null) {
      if (!osLogin.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}")) {
        throw new BadInputException("bad --os-user: '" + Text.printable(osLogin) + "' (an operating-system login name)");
      }
      accounts.userOfOsAccount(osLogin).filter(other -> !other.equals(user.name())).ifPresent(other -> {
        throw new BadInputException("the OS account " + osLogin + " is already mapped to user " + other);
      });
    }
    boolean bootstrap = store.users().stream().noneMatch(u -> u.role() == Role.ADMIN);
    if (bootstrap) {
      if (user.role() != Role.ADMIN) throw new Denied("there is no admin yet: add one first (otactive user add NAME --role admin)");
    } else {
      admin(actor, "add or change users");
    }
    changeAndRecord(() -> {
      store.saveUser(user, clock.instant());
      if (osLogin != null) accounts.setOsUser(user.name(), osLogin);
      record(bootstrap ? user.name() : actor, "user-save", "user " + user.name(), why,
          "role=" + user.role().word() + (osLogin == null ? "" : " os-user=" + osLogin) + (bootstrap ? " (first admin)" : ""));
    });
  }

  public Site site(String name) {
    return sites.find(name).orElseThrow(() -> new NotFoundException("unknown site: '" + Text.printable(name) + "'"));
  }

  /** Adds a site (admins); a name that exists is refused: changing a site's scope is {@link #changeSite}. */
  public void addSite(String actor, Site site, List<String> owners, String reason) {
    admin(actor, "add sites");
    String why = reason(reason);
    checkOwners(owners);
    if (sites.find(site.name()).isPresent()) {
      throw new BadInputException("site " + site.name() + " exists; change its scope with: otactive site set "
          + site.name() + " --ranges ... --reason TEXT");
    }
    changeAndRecord(() -> {
      if (!sites.add(site, clock.instant())) throw new BadInputException("site " + site.name() + " exists");
      for (String o : owners) store.addOwner(site.name(), o);
      record(actor, "site-add", "site " + site.name(), why,
          "zone=" + site.zone().getId() + " ranges=" + site.ranges()
              + (site.excluded().isEmpty() ? "" : " excluded=" + site.excluded()) + (owners.isEmpty() ? "" : " owners=" + owners));
    });
  }

  private void checkOwners(List<String> owners) {
    for (String o : owners) {
      User u = namedUser(o);
      if (u.role() == Role.VIEWER) throw new BadInputException("user " + o + " is a viewer and cannot own a site");
    }
  }

  /** What {@link #changeSite} changed: the scope before and after, and the addresses added and removed. */
  public record SiteChange(Site before, Site after, AddressSet added, AddressSet removed, List<String> ownersAdded) {
    /** One line: zone and scope changes, e.g. {@code ranges: +10.20.4.0-10.20.7.255 (1024), -10.20.3.0-10.20.3.255 (256)}. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (!before.zone().equals(after.zone())) parts.add("zone: " + before.zone().getId() + " -> " + after.zone().getId());
      if (!added.isEmpty()) parts.add("added " + added + " (" + added.size() + " addresses)");
      if (!removed.isEmpty()) parts.add("removed " + removed + " (" + removed.size() + " addresses)");
      if (!ownersAdded.isEmpty()) parts.add("owners added: " + String.join(", ", ownersAdded));
      return parts.isEmpty() ? "no change" : String.join("; ", parts);
    }
  }

  /**
   * Changes a site's zone, scope or owners (admins), deliberately: the reason is required and the
   * audit entry records exactly which addresses were added and removed.
   *
   * @param ranges the new included ranges, or null to keep the current scope
   * @param exclude addresses taken out of the (new or current) scope: with new ranges, the site's
   *     exclusions are these (the old ones no longer hold); without, they join the site's exclusions
   */
  public SiteChange changeSite(String actor, String name, String zone, List<String> ranges, List<String> exclude,
      List<String> owners, String reason) {
    admin(actor, "change sites");
    String why = reason(reason);
    Site before = site(name);
    checkOwners(owners);
    java.time.ZoneId newZone = zone == null ? before.zone() : Site.zone(zone);
    Site after;
    if (ranges == null) {
      AddressSet out = before.ranges().intersection(AddressSet.of(exclude, List.of()));
      after = new Site(name, newZone, before.ranges().minus(out), before.excluded().union(out));
    } else {
      after = Site.of(name, newZone, ranges, exclude);
    }
    List<String> newOwners = owners.stream().filter(o -> !store.owners(name).contains(o)).distinct().toList();
    SiteChange change = new SiteChange(before, after, after.ranges().minus(before.ranges()),
        before.ranges().minus(after.ranges()), newOwners);
    if (change.describe().equals("no change")) throw new BadInputException("site " + name + ": nothing to change");
    changeAndRecord(() -> {
      sites.update(after);
      for (String o : newOwners) store.addOwner(name, o);
      record(actor, "site-change", "site " + name, why, change.describe());
    });
    return change;
  }

  // ---- passive knowledge

  /** Who may import passive knowledge: into a site, its controllers; without one, admins. */
  public void checkPassiveImport(String actor, String site) {
    if (site == null) admin(actor, "import passive knowledge without a site");
    else controller(actor, site, "import passive knowledge");
  }

  /** Records a passive import in the audit log (what was read and stored; there is no reason to give). */
  public void recordPassiveImport(String actor, String site, String detail) {
    record(actor, "passive-import", site == null ? "inventory" : "site " + site, "", detail);
  }

  // ---- switches

  public boolean monitoringOn() {
    return store.switchOn(JdbcSupervision.ACTIVE_MONITORING);
  }

  /** The global switch (admins). Off stops every run at once; nothing is sent until it is on again. */
  public int setMonitoring(String actor, boolean on, String reason) {
    admin(actor, "switch active monitoring " + (on ? "on" : "off"));
    String why = reason(reason);
    // Off: the switches of the legs sending here first, the record after.
    Set<Long> halted = on ? Set.of() : legs.haltSite(null, ActiveLegs.Intent.STOP, "stopped by " + actor
        + ": active monitoring switched off: " + why);
    return changeAndRecord(() -> {
      store.setSwitch(JdbcSupervision.ACTIVE_MONITORING, on, actor, clock.instant());
      int stopped = on ? 0 : recordStops(null, actor, "active monitoring switched off: " + why, halted);
      record(actor, on ? "monitoring-on" : "monitoring-off", "active monitoring", why, on ? "" : stopped + " run(s) stopped");
      return stopped;
    });
  }

  // ---- methods

  /** The method of that id, if it is registered. */
  public Method method(String id) {
    return methods.registry().get(id);
  }

  /** Enables or disables a method on a site (admins and the site's owners). */
  public void setMethodEnabled(String actor, String site, String method, boolean enabled, String reason) {
    MethodSetting m = configured(site, method);
    controller(actor, site, (enabled ? "enable " : "disable ") + method);
    String why = reason(reason);
    Set<Long> halted = new HashSet<>();
    if (!enabled) {
      for (StoredRun r : unfinished(site)) {
        if (r.method().equals(method) && legs.haltRun(r.id(), ActiveLegs.Intent.STOP, "stopped by " + actor + ": "
            + method + " disabled on " + site)) {
          halted.add(r.id());
        }
      }
    }
    changeAndRecord(() -> {
      store.saveMethod(new MethodSetting(site, method, enabled, m.settings(), m.schedule(), m.scheduleAnchor(), m.onlyGaps()));
      if (!enabled) {
        for (StoredRun r : unfinished(site)) {
          if (r.method().equals(method)) {
            runs.transition(r.id(), UNFINISHED, RunState.STOPPED, "stopped by " + actor + ": " + method + " disabled on " + site,
                clock.instant());
          }
        }
      }
      record(actor, enabled ? "method-enable" : "method-disable", "site " + site + " method " + method, why, "");
    });
    replan(site, method);
  }

  /**
   * Sets options of a method on a site (admins and the site's owners). Options given replace their
   * stored values; the others keep theirs (defaults for a new method, which starts disabled). The
   * result is validated by the method before anything is written. Returns what changed, in the
   * words the audit log keeps (a secret only as "changed").
   */
  public String setMethodSettings(String actor, String site, String methodId, OptionValues changes, String reason) {
    return setMethodSettings(actor, site, methodId, changes, null, reason);
  }

  /**
   * As {@link #setMethodSettings(String, String, String, OptionValues, String)}, and with {@code
   * onlyGaps} not null also the run-level setting every method has: whether its supervised runs ask
   * only the addresses of the minimal plan (what passive knowledge and earlier runs left unknown).
   */
  public String setMethodSettings(String actor, String site, String methodId, OptionValues changes, Boolean onlyGaps,
      String reason) {
    Method m = method(methodId);
    site(site);
    controller(actor, site, "change " + methodId + " settings");
    String why = reason(reason);
    Optional<MethodSetting> old = store.method(site, methodId);
    OptionValues before = old.map(methods::values).orElse(MethodSettings.fresh(m));
    OptionValues after = before.with(changes);
    m.configure(after); // validates: throws BadInputException naming the option
    String detail = MethodSettings.describeChange(m, before, after);
    boolean gapsBefore = old.map(MethodSetting::onlyGaps).orElse(false);
    if (onlyGaps != null && onlyGaps != gapsBefore) {
      String change = "only-gaps: " + (gapsBefore ? "on" : "off") + " -> " + (onlyGaps ? "on" : "off");
      detail = detail.equals("no change") ? change : detail + "; " + change;
    }
    MethodSetting row = new MethodSetting(site, methodId, old.map(MethodSetting::enabled).orElse(false),
        MethodSettings.publicJson(m, after), old.map(MethodSetting::schedule).orElse(null),
        old.map(MethodSetting::scheduleAnchor).orElse(null), onlyGaps != null ? onlyGaps : gapsBefore);
    String recorded = detail;
    changeAndRecord(() -> {
      methods.save(row, m, before, after, clock.instant());
      store.setOnlyGaps(site, methodId, row.onlyGaps());
      record(actor, "method-settings", "site " + site + " method " + methodId, why, recorded);
    });
    return detail;
  }

  /**
   * One method's settings on a site, as exported: public options always, secret ones only when an
   * admin asks. {@code enabled} and {@code schedule} are for reading; an import sets settings only.
   */
  public record MethodExport(String method, boolean enabled, String schedule, Map<String, List<String>> settings,
      Boolean onlyGaps) {
    /** Without only-gaps (an export from before it existed: an import keeps the stored value). */
    public MethodExport(String method, boolean enabled, String schedule, Map<String, List<String>> settings) {
      this(method, enabled, schedule, settings, null);
    }
  }

  /**
   * The settings of every method on a site. Secrets are left out unless {@code includeSecrets}:
   * then only an admin may, with a reason, and it is audited.
   */
  public List<MethodExport> exportMethods(String actor, String site, boolean includeSecrets, String reason) {
    site(site);
    user(actor);
    if (includeSecrets) {
      admin(actor, "export secrets");
      record(actor, "secrets-export", "site " + site, reason(reason), "method settings with their secrets");
    } else if (reason != null) {
      throw new BadInputException("--reason goes with --include-secrets (an export without secrets is not audited)");
    }
    List<MethodExport> out = new ArrayList<>();
    for (MethodSetting m : store.methods(site)) {
      OptionValues v = includeSecrets ? methods.values(m) : methods.publicValues(m);
      out.add(new MethodExport(m.method(), m.enabled(), m.schedule(), v.values(), m.onlyGaps()));
    }
    return out;
  }

  /**
   * Imports exported settings into a site's methods: all or nothing, each validated by its method
   * as {@link #setMethodSettings} does (options missing from the file keep their values, so an
   * export without secrets keeps the stored ones), only-gaps with them when the file has it.
   * Enabled states and schedules are not changed.
   */
  public List<String> importMethods(String actor, String site, List<MethodExport> docs, String reason) {
    site(site);
    controller(actor, site, "import method settings");
    String why = reason(reason);
    for (MethodExport d : docs) method(d.method());
    return db.transaction(c -> {
      List<String> changes = new ArrayList<>();
      for (MethodExport d : docs) {
        changes.add(d.method() + ": " + setMethodSettings(actor, site, d.method(), new OptionValues(d.settings()),
            d.onlyGaps(), why));
      }
      return changes;
    });
  }

  MethodSetting configured(String site, String method) {
    site(site);
    method(method);
    return store.method(site, method).orElseThrow(() -> new BadInputException(
        method + " is not configured on site " + site + " (otactive method set " + method + " --site " + site + " ...)"));
  }

  /** Re-seals every secret under a new key (admins). */
  public int rotateSecretsKey(String actor, String reason) {
    admin(actor, "rotate the secrets key");
    String why = reason(reason);
    int n = secrets.rotateKey();
    record(actor, "secrets-rotate-key", "secrets", why, n + " secret(s) re-encrypted");
    return n;
  }

  // ---- schedules

  /** Sets (or with null clears) when a method runs on a site. */
  public RunSchedule setSchedule(String actor, String site, String method, String spec, String reason) {
    MethodSetting m = configured(site, method);
    controller(actor, site, "change the schedule of " + method);
    String why = reason(reason);
    Instant now = clock.instant();
    RunSchedule parsed = spec == null ? null : RunSchedule.parse(spec, now.truncatedTo(ChronoUnit.MINUTES));
    changeAndRecord(() -> {
      store.saveMethod(new MethodSetting(site, method, m.enabled(), m.settings(), parsed == null ? null : parsed.spec(),
          parsed == null ? null : now.truncatedTo(ChronoUnit.MINUTES), m.onlyGaps()));
      record(actor, "schedule-set", "site " + site + " method " + method, why, parsed == null ? "none" : parsed.spec());
    });
    replan(site, method);
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
    Site s = site(site);
    controller(actor, site, "add maintenance windows");
    String why = reason(reason);
    if (w instanceof OneOffWindow o && !o.end().isAfter(clock.instant())) {
      throw new BadInputException("the window ends in the past: "
          + o.end().atZone(s.zone()).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES) + " (" + s.zone().getId() + ")");
    }
    for (JdbcSupervision.StoredWindow existing : store.windows(site)) {
      if (existing.definition().equals(w)) {
        throw new BadInputException("site " + site + " already has this window (id " + existing.id() + ")");
      }
    }
    List<Long> ids = changeAndRecord(() -> {
      List<Long> added = store.addWindows(site, List.of(w), channel.word(), clock.instant());
      record(actor, "window-add", "site " + site, why, "window " + added.get(0) + ": " + w);
      return added;
    });
    wakeWaiting(site);
    return ids;
  }

  /** What a calendar import did: the windows it added, and how many of the file's earlier ones it removed. */
  public record CalendarImport(List<OneOffWindow> added, int removed) {
    /** The line a user reads: how many were imported, and what went when some did. */
    public String summary(String site, String fileName) {
      return added.size() + " window(s) imported into " + site + " from " + fileName
          + (removed == 0 ? "" : "; " + removed + " earlier window(s) of " + fileName + " removed (no longer in it)");
    }
  }

  /**
   * Imports a calendar's events as one-off windows, all or nothing. A file imported again under the
   * same name is the plant's plan as it is now: its earlier windows that are still ahead or open and
   * no longer in it (an outage moved or called off) are removed, so a run never sends in an outage
   * that is no longer planned. Windows added by hand or from other files stay.
   */
  public CalendarImport importWindows(String actor, String site, String icsText, String fileName, String reason) {
    Site s = site(site);
    controller(actor, site, "import maintenance windows");
    String why = reason(reason);
    Instant now = clock.instant();
    String source = "ics:" + fileName;
    List<OneOffWindow> found = IcsCalendar.expand(icsText, s.zone(), now, now.plus(ICS_HORIZON_DAYS, ChronoUnit.DAYS));
    // sets: a calendar and what it left may each hold thousands of windows
    java.util.Set<OneOffWindow> inFile = new java.util.HashSet<>(found);
    List<JdbcSupervision.StoredWindow> stored = store.windows(site);
    List<Long> gone = stored.stream().filter(w -> w.source().equals(source))
        .filter(w -> w.definition() instanceof OneOffWindow o && o.end().isAfter(now) && !inFile.contains(o))
        .map(JdbcSupervision.StoredWindow::id).toList();
    if (found.isEmpty() && gone.isEmpty()) throw new BadInputException(fileName + " has no event from now on");
    List<OneOffWindow> fresh = new ArrayList<>(found);
    fresh.removeAll(stored.stream().map(JdbcSupervision.StoredWindow::definition).collect(java.util.stream.Collectors.toSet()));
    changeAndRecord(() -> {
      for (long id : gone) store.removeWindow(site, id);
      store.addWindows(site, fresh, source, now);
      record(actor, "window-import", "site " + site, why, fileName + ": " + fresh.size() + " window(s) added, "
          + (found.size() - fresh.size()) + " already there, " + gone.size() + " earlier one(s) no longer in it removed");
    });
    wakeWaiting(site);
    return new CalendarImport(fresh, gone.size());
  }

  /**
   * What an import's user must know beyond the count, or empty: that a recurring event was cut at
   * the horizon (a window starts in its last 30 days), so the calendar must be imported again.
   */
  public Optional<String> horizonNote(List<OneOffWindow> added) {
    Instant horizon = clock.instant().plus(ICS_HORIZON_DAYS, ChronoUnit.DAYS);
    boolean cut = added.stream().anyMatch(w -> w.start().isAfter(horizon.minus(30, ChronoUnit.DAYS)));
    return cut ? Optional.of("recurring events are expanded " + ICS_HORIZON_DAYS + " days ahead, to "
        + horizon.atZone(java.time.ZoneOffset.UTC).toLocalDate() + ": import the calendar again before then to keep its windows")
        : Optional.empty();
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
    String why = reason(reason);
    changeAndRecord(() -> {
      if (!store.removeWindow(site, id)) throw new NotFoundException("site " + site + " has no window " + id);
      record(actor, "window-remove", "site " + site, why, "window " + id);
    });
  }

  // ---- runs

  /** What {@link #startRun} did. */
  public record Started(long runId, Instant opensAt) {}

  /** Why supervision refuses a site's method now, or empty: monitoring off, method disabled, site stopped. */
  private void refuseIfHeld(String site, MethodSetting m) {
    if (!monitoringOn()) throw new Refused("active monitoring is off (an admin turns it on: otactive monitoring on --reason TEXT)");
    if (m != null && !m.enabled()) {
      throw new Refused(m.method() + " is disabled on site " + site + " (otactive method enable " + m.method() + " --site "
          + site + " --reason TEXT)");
    }
    store.siteStop(site).ifPresent(st -> {
      throw new Refused("site " + site + " is stopped (" + st.reason() + "); an owner re-arms it first: otactive rearm --site "
          + site + " --reason TEXT");
    });
  }

  /**
   * How a run is to start.
   *
   * @param outsideWindow confirms sending outside the site's windows (a reason is required; audited)
   * @param now start now or not at all: refused when no window is open now (instead of waiting for
   *     the next one), unless {@code outsideWindow} is confirmed
   * @param noWait refused while another run of the method is going anywhere (instead of queueing
   *     behind it), naming that run
   */
  public record Start(boolean outsideWindow, boolean now, boolean noWait) {}

  /**
   * Queues a run of {@code method} over the site's ranges (admins and owners). Outside the site's
   * windows it waits for the next one, unless {@code outsideWindow} is confirmed.
   */
  public Started startRun(String actor, String site, String method, boolean outsideWindow, String reason) {
    return startRun(actor, site, method, new Start(outsideWindow, false, false), reason);
  }

  /**
   * Queues a run of {@code method} over the addresses of the site its settings ask
   * ({@code Configured.targets}), as {@code how} says. One run per method goes at a time in the
   * whole installation: a later one waits behind it, or with {@code noWait} is refused.
   */
  public Started startRun(String actor, String site, String method, Start how, String reason) {
    Site s = site(site);
    MethodSetting m = configured(site, method);
    controller(actor, site, "start runs");
    String why = reason(reason);
    refuseIfHeld(site, m);
    if (s.ranges().isEmpty()) throw new BadInputException("site " + site + " has no address ranges");
    if (targetCount(s, m) == 0) {
      Method def = method(method);
      throw new BadInputException(method + " has no address to ask on site " + site + " with its settings"
          + (SettingTable.keptBy(def).isEmpty() ? "" : " (see: otactive " + method + " " + SettingTable.keptBy(def).get(0).name()
          + " list --site " + site + ")"));
    }
    boolean outsideWindow = how.outsideWindow();
    Instant now = clock.instant();
    Optional<Instant> opens = outsideWindow ? Optional.of(now) : windows(site).nextOpen(now);
    if (opens.isEmpty()) {
      throw new Refused("site " + site + " has no maintenance window ahead; start it outside windows with"
          + " --outside-window --reason TEXT, or add a window");
    }
    if (how.now() && opens.get().isAfter(now)) {
      throw new Refused("site " + site + "'s maintenance window is closed now; the next opens "
          + opens.get().atZone(s.zone()).toLocalDateTime() + " " + s.zone().getId()
          + " (without --now the run waits for it; --outside-window --reason TEXT sends now)");
    }
    if (how.noWait()) {
      going(method).ifPresent(r -> {
        throw new Refused("another " + method + " run is going: run " + r.id() + (r.site() == null ? "" : " on site " + r.site())
            + " (" + r.state() + (r.requestedBy() == null ? "" : ", started by " + r.requestedBy())
            + "); without --no-wait this one waits for it");
      });
    }
    Targets targets = targets(s, m);
    long id = changeAndRecord(() -> {
      long queued = queue(s, method, targets, "manual", actor, outsideWindow, now);
      record(actor, outsideWindow ? "run-start-outside-window" : "run-start",
          "run " + queued + " site " + site + " method " + method, why,
          opens.get().isAfter(now) ? "waits for the window opening at " + opens.get() : "");
      return queued;
    });
    dispatch.dispatch(id, now);
    return new Started(id, opens.get());
  }

  /**
   * The run of {@code method} that a new one would wait for, anywhere: one sending (with a recent
   * heartbeat) or queued before it. Runs waiting for a window or paused hold nobody up.
   */
  public Optional<StoredRun> going(String method) {
    Instant now = clock.instant();
    for (StoredRun r : runs.runs(EnumSet.of(RunState.RUNNING, RunState.QUEUED), Integer.MAX_VALUE)) {
      if (!r.method().equals(method)) continue;
      if (r.runState() == RunState.QUEUED) return Optional.of(r);
      Instant beat = r.heartbeat() != null ? r.heartbeat() : r.started();
      if (beat.plus(RunExecutor.STALE).isAfter(now)) return Optional.of(r);
    }
    return Optional.empty();
  }

  /** How many addresses of the site a run of the method asks with its current settings. */
  private long targetCount(Site s, MethodSetting m) {
    AddressSet reach = reachable(s);
    return methods.configured(m).targets(reach).intersection(reach).size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE))
        .longValue();
  }

  /**
   * The addresses of a site its runs may touch: its ranges, less what any other site excluded.
   * Sites may overlap, and an address a site excluded is never to be touched, by any site's runs.
   */
  AddressSet reachable(Site s) {
    return reachable(s, sites.list());
  }

  /** The same, of the sites as read in {@code all}. */
  static AddressSet reachable(Site s, List<Site> all) {
    AddressSet out = s.ranges();
    for (Site other : all) {
      if (!other.name().equals(s.name())) out = out.minus(other.excluded());
    }
    return out;
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
    Targets targets;
    try {
      targets = targets(s.get(), m.get());
    } catch (RuntimeException e) {
      // settings that no longer configure: the leg tells what is wrong
      targets = new Targets(s.get().ranges().size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue(),
          "site=" + site + " ranges=" + s.get().ranges());
    }
    Targets count = targets;
    long id = changeAndRecord(() -> {
      long queued = queue(s.get(), method, count, "schedule", "scheduler", false, now);
      record(Channel.SERVICE, "scheduler", "run-start", "run " + queued + " site " + site + " method " + method, "schedule " + m.get().schedule(), "");
      return queued;
    });
    dispatch.dispatch(id, now);
    return Optional.of(id);
  }

  /** What a run of a site's method will ask: how many addresses, in the words its record keeps. */
  private record Targets(long count, String parameters) {}

  /**
   * The addresses of the site its settings ask (WEM: the enabled scan ranges), or under only-gaps
   * those of the minimal plan among them (worked out before anything is written).
   */
  private Targets targets(Site s, MethodSetting m) {
    String base = "site=" + s.name() + " ranges=" + s.ranges();
    AddressSet reach = reachable(s);
    AddressSet scope = methods.configured(m).targets(reach).intersection(reach);
    long all = scope.size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    if (!m.onlyGaps()) return new Targets(all, base);
    long n = planning.planner(s.name()).count(scope, m.method());
    return new Targets(n, base + " only-gaps=" + n + " of " + all);
  }

  /** A run of {@code method} over the site's ranges (or its plan), queued (nothing sent). */
  private long queue(Site s, String method, Targets t, String trigger, String by, boolean outsideWindow, Instant now) {
    return runs.queue(method, s.name(), t.parameters(), t.count(), trigger, by, outsideWindow, now);
  }

  public StoredRun run(long id) {
    return runs.run(id).orElseThrow(() -> new NotFoundException("no run " + id));
  }

  List<StoredRun> unfinished(String site) {
    return runs.runs(UNFINISHED, Integer.MAX_VALUE).stream()
        .filter(r -> site == null || site.equals(r.site())).toList();
  }

  public void pause(String actor, long id, String reason) {
    StoredRun r = supervised(id);
    controller(actor, r.site(), "pause runs");
    String why = reason(reason);
    String text = "paused by " + actor + ": " + why;
    changeAndRecord(() -> {
      if (!runs.transition(id, EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.RUNNING), RunState.PAUSED,
          text, clock.instant())) {
        throw new BadInputException("run " + id + " is " + run(id).state() + " and cannot be paused");
      }
      record(actor, "run-pause", "run " + id + " site " + r.site(), why, "");
    });
    // After the record: a leg halted first would end itself as stopped before it reads the pause.
    legs.haltRun(id, ActiveLegs.Intent.PAUSE, text);
  }

  public void resume(String actor, long id, String reason) {
    StoredRun r = supervised(id);
    controller(actor, r.site(), "resume runs");
    String why = reason(reason);
    refuseIfHeld(r.site(), null);
    changeAndRecord(() -> {
      if (!runs.transition(id, EnumSet.of(RunState.PAUSED), RunState.QUEUED, null, clock.instant())) {
        throw new BadInputException("run " + id + " is " + run(id).state() + ", not paused");
      }
      record(actor, "run-resume", "run " + id + " site " + r.site(), why, "");
    });
    dispatch.dispatch(id, clock.instant());
  }

  private StoredRun supervised(long id) {
    StoredRun r = run(id);
    if (r.site() == null) throw new BadInputException("run " + id + " is a one-off command-line run; stop it with stop --run " + id);
    return r;
  }

  /** Stops one run for good (admins and the site's owners; one-off runs: admins). Results are kept. */
  public void stopRun(String actor, long id, String reason) {
    StoredRun r = run(id);
    if (r.site() != null) controller(actor, r.site(), "stop runs");
    else admin(actor, "stop one-off runs");
    String why = reason(reason);
    String text = "stopped by " + actor + ": " + why;
    // The switch first: the packets end now, the record follows. A run halted here may record its
    // own end before the transition below reaches it; it was stopped all the same.
    boolean halted = legs.haltRun(r.id(), ActiveLegs.Intent.STOP, text);
    changeAndRecord(() -> {
      boolean moved = runs.transition(r.id(), UNFINISHED, RunState.STOPPED, text, clock.instant());
      if (!moved && !halted) throw new BadInputException("run " + id + " has already ended (" + r.state() + ")");
      record(actor, "stop-run", "run " + id + (r.site() == null ? "" : " site " + r.site()), why, "");
    });
  }

  /** Records the stop of the unfinished runs of a site (all when null); counts those halted in memory too. */
  private int recordStops(String site, String actor, String why, Set<Long> halted) {
    String text = "stopped by " + actor + ": " + why;
    Set<Long> stopped = new HashSet<>(halted);
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
    Set<Long> halted = legs.haltSite(site, ActiveLegs.Intent.STOP, "stopped by " + actor + ": " + why);
    return changeAndRecord(() -> {
      int n = recordStops(site, actor, why, halted);
      store.stopSite(site, why, actor, clock.instant());
      record(actor, "stop-site", "site " + site, why, n + " run(s) stopped");
      return n;
    });
  }

  /** Stops every site and every run (admins). */
  public int stopAll(String actor, String reason) {
    admin(actor, "stop all sites");
    String why = reason(reason);
    Set<Long> halted = legs.haltSite(null, ActiveLegs.Intent.STOP, "stopped by " + actor + ": " + why);
    return changeAndRecord(() -> {
      int n = recordStops(null, actor, why, halted);
      for (Site s : sites.list()) store.stopSite(s.name(), why, actor, clock.instant());
      record(actor, "stop-all", "all sites", why, n + " run(s) stopped");
      return n;
    });
  }

  /** Lets a stopped site run again; its stopped runs stay stopped. */
  public void rearm(String actor, String site, String reason) {
    site(site);
    controller(actor, site, "re-arm");
    String why = reason(reason);
    changeAndRecord(() -> {
      if (!store.rearmSite(site)) throw new BadInputException("site " + site + " is not stopped");
      record(actor, "rearm", "site " + site, why, "");
    });
    for (String method : methods.registry().ids()) replan(site, method);
  }
}
