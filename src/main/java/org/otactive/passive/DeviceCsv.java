package org.otactive.passive;

import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.otactive.scope.Addresses;
import org.otactive.common.BadInputException;
import org.otactive.common.CsvDialect;

/**
 * Device CSV exports: the generic shape ({@code ip, mac, name, vendor, os, firmware, type,
 * protocols, first_seen, last_seen}) and the columns of Microsoft Defender for IoT's device
 * inventory export, from the OT sensor ({@code IP Address, MAC Address, Name, Vendor, Operating
 * System, Firmware version, Type, Protocols, Discovered, Last Activity}) and from the Azure portal
 * ({@code IPv4 Address, IPv6 Address, OS platform, First seen, Last activity}). Column names match
 * whatever their case, spaces, dashes and underscores.
 *
 * <p>A row is bad when its address, MAC or a time does not parse; it is named with its line number
 * and skipped. Columns this importer does not read are named once. A cell may hold several
 * addresses (Defender lists every address of a device); each becomes a device. Times are ISO-8601
 * or Defender's {@code MM/DD/YYYY HH:MM:SS AM/PM}; without an offset they are read in the given
 * zone.
 */
final class DeviceCsv {
  /** The attribute or time each normalised column name fills. */
  static final Map<String, String> COLUMNS = Map.ofEntries(
      Map.entry("ip", "ip"), Map.entry("ipaddress", "ip"), Map.entry("ipaddresses", "ip"), Map.entry("address", "ip"),
      Map.entry("ipv4address", "ip"), Map.entry("ipv6address", "ip"),
      Map.entry("mac", "mac"), Map.entry("macaddress", "mac"), Map.entry("macaddresses", "mac"),
      Map.entry("name", "hostname"), Map.entry("hostname", "hostname"), Map.entry("devicename", "hostname"),
      Map.entry("vendor", "vendor"),
      Map.entry("os", "os"), Map.entry("operatingsystem", "os"), Map.entry("osplatform", "os"),
      Map.entry("firmware", "firmware"), Map.entry("firmwareversion", "firmware"),
      Map.entry("type", "type"), Map.entry("devicetype", "type"),
      Map.entry("protocols", "protocols"),
      Map.entry("firstseen", "first-seen"), Map.entry("discovered", "first-seen"),
      Map.entry("lastseen", "last-seen"), Map.entry("lastactivity", "last-seen"));

  private static final DateTimeFormatter DEFENDER = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("M/d/uuuu h:mm[:ss] a").toFormatter(Locale.US);
  private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("uuuu-MM-dd['T'][' ']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]").toFormatter(Locale.ROOT);

  /** What one file gave. */
  record Result(List<PassiveDevice> devices, long rows, List<String> badRows, List<String> ignoredColumns) {}

  private DeviceCsv() {}

  static String normalise(String column) {
    return column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /**
   * Whether a header line names an address column; the refusal message when it does not.
   *
   * @return empty when the header is a device export's
   */
  static Optional<String> headerProblem(String header) {
    List<String> names = List.of(header.replace("\uFEFF", "").split(String.valueOf(CsvDialect.delimiter(header))));
    for (String n : names) if ("ip".equals(COLUMNS.get(normalise(n.replace("\"", ""))))) return Optional.empty();
    return Optional.of("no IP address column (IP Address, IPv4 Address, ip) in its first line");
  }

  static Result read(Reader in, String file, ZoneId zone, Vendors vendors) throws IOException {
    in.mark(1);
    if (in.read() != '\uFEFF') in.reset();
    List<PassiveDevice> devices = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    Map<String, PassiveDevice> byAddress = new LinkedHashMap<>();
    java.io.BufferedReader lines = new java.io.BufferedReader(in);
    String header = lines.readLine();
    if (header == null) throw new BadInputException(file + ": empty file");
    char delimiter = CsvDialect.delimiter(header);
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).get();
    List<String> columns;
    try (CSVParser h = CSVParser.parse(header, format)) {
      columns = h.getRecords().getFirst().toList();
    }
    Map<Integer, String> use = new LinkedHashMap<>();
    Set<String> ignored = new LinkedHashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      String what = COLUMNS.get(normalise(columns.get(i)));
      if (what != null && !use.containsValue(what) || "ip".equals(what)) use.put(i, what);
      else if (!columns.get(i).isBlank()) ignored.add(Text.clean(columns.get(i), 80));
    }
    long rows = 0;
    try (CSVParser parser = CSVParser.parse(lines, format)) {
      long line = 1;
      var it = parser.iterator();
      while (true) {
        long startLine = line + 1;
        CSVRecord r;
        try {
          if (!it.hasNext()) break;
          r = it.next();
        } catch (RuntimeException malformed) {
          bad.add("line " + startLine + ": " + Text.clean(String.valueOf(malformed.getMessage()), 120));
          break;
        }
        line = parser.getCurrentLineNumber() + 1;
        rows++;
        try {
          for (PassiveDevice d : row(r, use, file, startLine, zone, vendors)) {
            byAddress.merge(d.address(), d, DeviceCsv::later);
          }
        } catch (BadInputException e) {
          bad.add("line " + startLine + ": " + e.getMessage());
        }
      }
    }
    devices.addAll(byAddress.values());
    return new Result(devices, rows, bad, List.copyOf(ignored));
  }

  private static List<PassiveDevice> row(CSVRecord r, Map<Integer, String> use, String file, long line, ZoneId zone,
      Vendors vendors) {
    Map<String, String> cells = new LinkedHashMap<>();
    List<String> addresses = new ArrayList<>();
    for (Map.Entry<Integer, String> e : use.entrySet()) {
      String v = e.getKey() < r.size() ? r.get(e.getKey()).strip() : "";
      if (v.isEmpty()) continue;
      if (e.getValue().equals("ip")) {
        for (String a : v.split("[,;\\s]+")) if (!a.isEmpty()) addresses.add(a);
      } else {
        cells.put(e.getValue(), v);
      }
    }
    if (addresses.isEmpty()) throw new BadInputException("no IP address");
    List<String> canonical = new ArrayList<>();
    for (String a : addresses) canonical.add(Addresses.canonical(Addresses.parse(a)));
    String detail = file + " line " + line;
    Map<String, PassiveDevice.Fact> facts = new LinkedHashMap<>();
    Instant first = null;
    Instant last = null;
    for (Map.Entry<String, String> c : cells.entrySet()) {
      String v = c.getValue();
      switch (c.getKey()) {
        case "mac" -> {
          long mac = mac(v.split("[,;\\s]+")[0]);
          facts.put("mac", new PassiveDevice.Fact(Text.mac(mac), detail));
          if (!cells.containsKey("vendor")) {
            vendors.of(mac).ifPresent(name -> facts.put("vendor", new PassiveDevice.Fact(name, "OUI of the MAC in " + detail)));
          }
        }
        case "first-seen" -> first = time(v, zone);
        case "last-seen" -> last = time(v, zone);
        case "protocols" -> {
          Set<String> list = new TreeSet<>();
          for (String p : v.split("[,;]")) if (!p.isBlank()) list.add(Text.clean(p, 60));
          facts.put("protocols", new PassiveDevice.Fact(String.join(",", list), detail));
        }
        default -> facts.put(c.getKey(), new PassiveDevice.Fact(Text.clean(v, 400), detail));
      }
    }
    List<PassiveDevice> out = new ArrayList<>();
    for (String a : canonical) out.add(new PassiveDevice(a, first, last, facts));
    return out;
  }

  /** Two rows for one address: the later row's values, the earliest first and latest last seen. */
  static PassiveDevice later(PassiveDevice a, PassiveDevice b) {
    Map<String, PassiveDevice.Fact> facts = new LinkedHashMap<>(a.facts());
    facts.putAll(b.facts());
    return new PassiveDevice(a.address(), min(a.firstSeen(), b.firstSeen()), max(a.lastSeen(), b.lastSeen()), facts);
  }

  static Instant min(Instant x, Instant y) {
    return x == null ? y : y == null ? x : x.isBefore(y) ? x : y;
  }

  static Instant max(Instant x, Instant y) {
    return x == null ? y : y == null ? x : x.isAfter(y) ? x : y;
  }

  static long mac(String text) {
    String hex = text.replaceAll("[:.\\-]", "");
    if (!hex.matches("[0-9A-Fa-f]{12}") || text.length() > 17) {
      throw new BadInputException("not a MAC address: '" + Text.clean(text, 40) + "'");
    }
    return Long.parseLong(hex, 16);
  }

  static Instant time(String text, ZoneId zone) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException notOffset) {
      // try the forms without an offset
    }
    for (DateTimeFormatter f : new DateTimeFormatter[] {DEFENDER, LOCAL}) {
      try {
        return LocalDateTime.parse(text, f).atZone(zone).toInstant();
      } catch (DateTimeException next) {
        // next form
      }
    }
    throw new BadInputException("not a time: '" + Text.clean(text, 40) + "' (ISO-8601 or MM/DD/YYYY HH:MM:SS AM/PM)");
  }
}
