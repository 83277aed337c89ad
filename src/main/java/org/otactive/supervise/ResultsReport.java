package org.otactive.supervise;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
import org.otactive.inventory.Inventory;
import org.otactive.probe.Method;
import org.otactive.probe.ReportColumn;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.store.JdbcRunLog;

/**
 * A method's results report for a site, as {@code otactive METHOD results} writes it: one row per
 * address the site's runs of the method asked, its latest outcome beside what the inventory holds
 * from the method, in the columns the method names ({@link Method#report}). Times are ISO 8601 in
 * the site's zone. Reading only.
 */
public final class ResultsReport {
  private final Supervisor supervisor;
  private final Inventory inventory;

  ResultsReport(Supervisor supervisor, Inventory inventory) {
    this.supervisor = supervisor;
    this.inventory = inventory;
  }

  /** The report: its headers and rows, ordered by address. */
  public record Report(List<String> headers, List<List<String>> rows) {
    public Report {
      headers = List.copyOf(headers);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** The report of {@code method} on {@code site} (any known user). */
  public Report of(String actor, String site, String methodId) {
    supervisor.user(actor);
    Site s = supervisor.site(site);
    Method m = supervisor.method(methodId);
    List<JdbcRunLog.StoredResult> latest = supervisor.runs().latestResults(methodId, site);
    // Only the devices the results name, read a few rows at a time: not the whole inventory.
    java.util.Set<String> named = new java.util.HashSet<>();
    for (JdbcRunLog.StoredResult r : latest) named.add(r.address());
    Map<String, Device> devices = new HashMap<>();
    inventory.eachDevice(d -> {
      if (named.contains(d.address())) devices.put(d.address(), d);
    });
    List<String> headers = m.report().stream().map(ReportColumn::header).toList();
    List<JdbcRunLog.StoredResult> sorted = new ArrayList<>(latest);
    Addresses.sortByAddress(sorted, JdbcRunLog.StoredResult::address);
    List<List<String>> rows = new ArrayList<>();
    for (JdbcRunLog.StoredResult r : sorted) {
      Optional<Device> d = Optional.ofNullable(devices.get(r.address()));
      List<String> row = new ArrayList<>();
      for (ReportColumn c : m.report()) row.add(cell(c, r, d, methodId, s.zone()));
      rows.add(row);
    }
    return new Report(headers, rows);
  }

  private static String cell(ReportColumn c, JdbcRunLog.StoredResult r, Optional<Device> d, String source, ZoneId zone) {
    return switch (c.source()) {
      case ADDRESS -> r.address();
      case FACT -> d.flatMap(x -> x.latest(c.attribute(), source)).map(AttributeValue::value).orElse("");
      case STATUS -> r.outcome();
      case ERROR -> r.outcome().equals("ok") ? "" : r.detail();
      case LAST_SUCCESS -> d.flatMap(x -> x.latest().stream().filter(a -> a.source().equals(source))
          .map(AttributeValue::lastSeen).max(Comparator.naturalOrder())).map(t -> time(t, zone)).orElse("");
    };
  }

  private static String time(Instant t, ZoneId zone) {
    return t.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
