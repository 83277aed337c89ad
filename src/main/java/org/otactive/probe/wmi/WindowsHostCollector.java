package org.otactive.probe.wmi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.WmiInstance;

/**
 * Collects what a Windows Endpoint Monitoring scan learns about one host (see {@link WindowsFacts})
 * in one WMI session: five queries and the registry's Uninstall keys, never {@code Win32_Product}
 * (querying it makes Windows run a consistency check of every MSI package).
 *
 * <p>A query the host refuses with a WMI error (a class it lacks) costs only that query's facts and
 * is named in the outcome's detail; anything else that goes wrong ends the host's collection with
 * the failure's outcome. Thread-safe: one instance serves many hosts at once.
 */
public final class WindowsHostCollector {
  static final String OS_QUERY = "SELECT Caption, Version, BuildNumber, CSDVersion, ServicePackMajorVersion,"
      + " ServicePackMinorVersion, OSArchitecture, InstallDate, LastBootUpTime FROM Win32_OperatingSystem";
  static final String SYSTEM_QUERY = "SELECT Name, DNSHostName, Domain, Workgroup, PartOfDomain, Manufacturer, Model"
      + " FROM Win32_ComputerSystem";
  static final String BIOS_QUERY = "SELECT SerialNumber FROM Win32_BIOS";
  static final String ADAPTER_QUERY = "SELECT Description, MACAddress, IPAddress FROM Win32_NetworkAdapterConfiguration"
      + " WHERE IPEnabled = TRUE";
  static final String HOTFIX_QUERY = "SELECT HotFixID FROM Win32_QuickFixEngineering";
  static final String UNINSTALL_64 = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
  static final String UNINSTALL_32 = "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
  /** Uninstall entries read per view at most, against a host that lists without end. */
  static final int MAX_SOFTWARE = 5000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WmiSettings settings;

  public WindowsHostCollector(WmiSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * What one collection gave: the facts, what went wrong without ending it (a query the host
   * refused, a release that failed), and what it cost.
   */
  public record Collection(List<Fact> facts, List<String> problems, WmiSession.Stats stats) {
    public Collection {
      facts = List.copyOf(facts);
      problems = List.copyOf(problems);
    }
  }

  /** Collects the context's target; every outcome but {@link Outcome.Ok} carries the failure in plain words. */
  public Outcome collect(ProbeContext context) throws InterruptedException {
    try {
      Collection c = collection(context);
      String detail = "WMI at " + settings.authLevel().name().toLowerCase(Locale.ROOT).replace("pkt_", "packet ")
          + ": " + c.stats().connections() + " connections, " + c.stats().roundTrips() + " round trips"
          + (c.problems().isEmpty() ? "" : "; " + String.join("; ", c.problems()));
      return new Outcome.Ok(c.facts(), detail);
    } catch (WmiException e) {
      return e.toOutcome();
    }
  }

  /** {@link #collect}, with the failure as an exception and the cost kept. */
  public Collection collection(ProbeContext context) throws WmiException, InterruptedException {
    List<Fact> facts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    WmiSession.Stats stats;
    WmiSession session = WmiSession.open(context, settings);
    try {
      String where = "WMI " + context.target().address().getHostAddress();
      operatingSystem(session, facts, problems, where);
      system(session, facts, problems, where);
      first(rows(session, BIOS_QUERY, problems)).ifPresent(i -> add(facts, WindowsFacts.BIOS_SERIAL, text(i, "SerialNumber"), where));
      adapters(session, facts, problems, context.target().address(), where);
      hotfixes(session, facts, problems, where);
      software(session, facts, problems, where);
      stats = session.stats();
    } catch (WmiException | InterruptedException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
    try {
      session.close();
    } catch (WmiException e) {
      // the facts stand; a stop still ends the host as cut short
      if (e.reason() == WmiException.Reason.BLOCKED) throw e;
      problems.add(e.getMessage());
    }
    return new Collection(facts, problems, new WmiSession.Stats(stats.connections(), session.stats().roundTrips()));
  }

  private static void closeQuietly(WmiSession session) throws InterruptedException {
    try {
      session.close();
    } catch (WmiException ignored) {
      // the failure that ended the collection is the one to report
    }
  }

  /** A query's rows; a WMI refusal is noted and gives none. */
  private static List<WmiInstance> rows(WmiSession s, String wql, List<String> problems)
      throws WmiException, InterruptedException {
    try {
      return s.instances(wql);
    } catch (WmiException e) {
      if (e.reason() != WmiException.Reason.QUERY_FAILED) throw e;
      problems.add(e.getMessage());
      return List.of();
    }
  }

  private static java.util.Optional<WmiInstance> first(List<WmiInstance> rows) {
    return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.get(0));
  }

  private static void operatingSystem(WmiSession s, List<Fact> facts, List<String> problems, String where)
      throws WmiException, InterruptedException {
    for (WmiInstance os : first(rows(s, OS_QUERY, problems)).stream().toList()) {
      add(facts, WindowsFacts.OS_CAPTION, text(os, "Caption"), where);
      add(facts, WindowsFacts.OS_VERSION, text(os, "Version"), where);
      add(facts, WindowsFacts.OS_BUILD, text(os, "BuildNumber"), where);
      String csd = text(os, "CSDVersion");
      String major = text(os, "ServicePackMajorVersion");
      String minor = text(os, "ServicePackMinorVersion");
      add(facts, WindowsFacts.SERVICE_PACK, csd != null && !csd.isBlank() ? csd
          : major == null ? null : major + "." + (minor == null ? "0" : minor), where);
      add(facts, WindowsFacts.ARCHITECTURE, text(os, "OSArchitecture"), where);
      add(facts, WindowsFacts.INSTALL_DATE, date(text(os, "InstallDate")), where);
      add(facts, WindowsFacts.LAST_BOOT, date(text(os, "LastBootUpTime")), where);
    }
  }

  private static String date(String cim) {
    return cim == null ? null : WmiText.isoDateTime(cim).orElse(cim);
  }

  private static void system(WmiSession s, List<Fact> facts, List<String> problems, String where)
      throws WmiException, InterruptedException {
    for (WmiInstance cs : first(rows(s, SYSTEM_QUERY, problems)).stream().toList()) {
      String dns = text(cs, "DNSHostName");
      add(facts, WindowsFacts.HOSTNAME, dns != null && !dns.isBlank() ? dns : text(cs, "Name"), where);
      if ("true".equals(text(cs, "PartOfDomain"))) {
        add(facts, WindowsFacts.DOMAIN, text(cs, "Domain"), where);
      } else {
        String wg = text(cs, "Workgroup");
        add(facts, WindowsFacts.WORKGROUP, wg != null && !wg.isBlank() ? wg : text(cs, "Domain"), where);
      }
      add(facts, WindowsFacts.MANUFACTURER, text(cs, "Manufacturer"), where);
      add(facts, WindowsFacts.MODEL, text(cs, "Model"), where);
    }
  }

  private static void adapters(WmiSession s, List<Fact> facts, List<String> problems, InetAddress target, String where)
      throws WmiException, InterruptedException {
    TreeMap<String, ObjectNode> byMac = new TreeMap<>();
    String targetMac = null;
    for (WmiInstance a : rows(s, ADAPTER_QUERY, problems)) {
      String mac = WmiText.mac(text(a, "MACAddress")).orElse(null);
      if (mac == null) continue;
      ObjectNode n = byMac.computeIfAbsent(mac, m -> JSON.createObjectNode().put("mac", m));
      String description = text(a, "Description");
      if (description != null) n.put("description", WmiText.sanitize(description));
      ArrayNode addresses = n.withArray("addresses");
      for (String ip : strings(a, "IPAddress")) {
        addresses.add(WmiText.sanitize(ip));
        if (sameAddress(ip, target)) targetMac = mac;
      }
    }
    add(facts, WindowsFacts.MAC, targetMac, where);
    if (!byMac.isEmpty()) add(facts, WindowsFacts.ADAPTERS, JSON.createArrayNode().addAll(byMac.values()).toString(), where);
  }

  /** Whether the host's text names the scanned address (literal addresses only; nothing is resolved). */
  static boolean sameAddress(String text, InetAddress target) {
    String t = target.getHostAddress();
    if (text.equalsIgnoreCase(t)) return true;
    if (!text.contains(":") || !(target instanceof java.net.Inet6Address)) return false;
    try {
      // IPv6 text has many spellings; compare the 16 bytes of a literal (a zone suffix is dropped)
      String literal = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
      if (!literal.matches("[0-9a-fA-F:.]+")) return false;
      return InetAddress.getByName(literal).equals(target);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static void hotfixes(WmiSession s, List<Fact> facts, List<String> problems, String where)
      throws WmiException, InterruptedException {
    java.util.TreeSet<String> ids = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    int before = problems.size();
    List<WmiInstance> rows = rows(s, HOTFIX_QUERY, problems);
    boolean answered = problems.size() == before;
    for (WmiInstance h : rows) {
      String id = text(h, "HotFixID");
      if (id != null && !id.isBlank()) ids.add(WmiText.sanitize(id));
    }
    if (answered) facts.add(new Fact(WindowsFacts.HOTFIXES, String.join(", ", ids), where));
  }

  private static void software(WmiSession s, List<Fact> facts, List<String> problems, String where)
      throws WmiException, InterruptedException {
    StdRegistry reg = new StdRegistry(s);
    List<ObjectNode> entries = new ArrayList<>();
    for (String[] view : new String[][] {{UNINSTALL_64, "64-bit"}, {UNINSTALL_32, "32-bit"}}) {
      List<String> keys;
      try {
        keys = reg.enumKey(StdRegistry.HKEY_LOCAL_MACHINE, view[0]);
      } catch (WmiException e) {
        if (e.reason() != WmiException.Reason.QUERY_FAILED) throw e;
        problems.add(e.getMessage());
        return;
      }
      if (keys == null) continue; // no such view (32-bit Windows has no WOW6432Node)
      for (String key : keys.subList(0, Math.min(keys.size(), MAX_SOFTWARE))) {
        String path = view[0] + "\\" + key;
        String name = reg.getString(StdRegistry.HKEY_LOCAL_MACHINE, path, "DisplayName");
        if (name == null || name.isBlank()) continue; // not shown in Programs and Features either
        ObjectNode n = JSON.createObjectNode().put("name", WmiText.sanitize(name));
        String version = reg.getString(StdRegistry.HKEY_LOCAL_MACHINE, path, "DisplayVersion");
        n.put("version", WmiText.sanitize(version));
        String publisher = reg.getString(StdRegistry.HKEY_LOCAL_MACHINE, path, "Publisher");
        if (publisher != null && !publisher.isBlank()) n.put("publisher", WmiText.sanitize(publisher));
        String installed = reg.getString(StdRegistry.HKEY_LOCAL_MACHINE, path, "InstallDate");
        if (installed != null && !installed.isBlank()) n.put("installed", WmiText.registryDate(installed));
        n.put("view", view[1]);
        entries.add(n);
      }
    }
    entries.sort(Comparator.comparing((ObjectNode n) -> n.get("name").asText(), String.CASE_INSENSITIVE_ORDER)
        .thenComparing(n -> n.get("version").asText()).thenComparing(n -> n.get("view").asText()));
    facts.add(new Fact(WindowsFacts.SOFTWARE, JSON.createArrayNode().addAll(entries).toString(), where));
  }

  /** A scalar property's text, or null when the class lacks it, it is NULL or it is an array. */
  static String text(WmiInstance i, String property) {
    if (i.wmiClass().property(property) == null) return null;
    CimValue v = i.value(property);
    if (v.isNull() || v.type().isArray() || v.type().base() == org.otactive.probe.wmi.wmio.CimBaseType.OBJECT) return null;
    return v.text();
  }

  /** An array property's elements as text; empty when the class lacks it or it is NULL. */
  static List<String> strings(WmiInstance i, String property) {
    if (i.wmiClass().property(property) == null) return List.of();
    CimValue v = i.value(property);
    if (v.isNull() || !v.type().isArray()) return List.of();
    List<String> out = new ArrayList<>();
    for (Object o : v.asList()) if (o != null) out.add(o.toString());
    return out;
  }

  private static void add(List<Fact> facts, String attribute, String raw, String where) {
    if (raw == null) return;
    String value = WmiText.sanitize(raw);
    if (!value.isEmpty()) facts.add(new Fact(attribute, value, where));
  }
}
