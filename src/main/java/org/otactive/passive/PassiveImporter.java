package org.otactive.passive;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Change;
import org.otactive.inventory.Device;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.Observation;
import org.otactive.passive.capture.CaptureFormat;
import org.otactive.passive.capture.CaptureReader;
import org.otactive.passive.capture.Frame;
import org.otactive.passive.capture.PacketDecoder;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.common.BadInputException;
import org.otactive.scope.Site;

/**
 * Imports passive knowledge, device CSV exports and packet captures, into the inventory as
 * observations with source {@value #SOURCE}.
 *
 * <p>Every file is classified from its bytes before anything is read in full: one that is neither a
 * capture nor a device export refuses the whole import with a {@link BadInputException} and nothing
 * is stored. A damaged capture gives what lies before the damage, and the report says where. What
 * several files say about one device is merged, and merged again with what earlier passive imports
 * stored: {@code first-seen} is the earliest, {@code last-seen} the latest, {@code ot-server},
 * {@code ot-client} and {@code protocols} accumulate. Other attributes take the newest file's value.
 * All observations are recorded in one batch. Not thread-safe; one import at a time.
 */
public final class PassiveImporter {
  public static final String SOURCE = "passive";
  /** Attributes whose values accumulate over imports, as sorted comma-separated lists. */
  static final Set<String> LISTS = Set.of("ot-server", "ot-client", "protocols");

  private final Inventory inventory;
  private final Vendors vendors;
  private final InstantSource clock;

  public PassiveImporter(Inventory inventory, Vendors vendors, InstantSource clock) {
    this.inventory = inventory;
    this.vendors = vendors;
    this.clock = clock;
  }

  /**
   * Imports the files; with a site, only devices in its ranges are stored and the others are named
   * in the report.
   *
   * @throws BadInputException naming the file when a file is missing or neither a capture nor a
   *     device CSV export (nothing is stored)
   * @throws IOException when a file cannot be read
   */
  public ImportReport importFiles(List<Path> files, Optional<Site> site) throws IOException {
    if (files.isEmpty()) throw new BadInputException("no file to import");
    List<InputKind> kinds = new ArrayList<>();
    for (Path f : files) kinds.add(InputKind.of(f));
    ZoneId zone = site.map(Site::zone).orElse(ZoneOffset.UTC);
    List<FileReport> reports = new ArrayList<>();
    Map<String, PassiveDevice> merged = new TreeMap<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      List<PassiveDevice> found = new ArrayList<>();
      reports.add(kinds.get(i) == InputKind.CSV ? csv(file, zone, found) : capture(file, kinds.get(i), found));
      for (PassiveDevice d : found) merged.merge(d.address(), d, PassiveImporter::combine);
    }
    List<PassiveDevice> inScope = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    for (PassiveDevice d : merged.values()) {
      if (site.isEmpty() || site.get().ranges().contains(Addresses.parse(d.address()))) inScope.add(d);
      else outside.add(d.address());
    }
    List<Observation> observations = observations(inScope);
    List<Change> changes = inventory.record(observations);
    return new ImportReport(reports, inScope.size(), observations.size(), changes, site.map(Site::name).orElse(null),
        sorted(outside));
  }

  private static List<String> sorted(List<String> addresses) {
    Addresses.sortByAddress(addresses, a -> a);
    return addresses;
  }

  private FileReport csv(Path file, ZoneId zone, List<PassiveDevice> found) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      DeviceCsv.Result result = DeviceCsv.read(r, file.getFileName().toString(), zone, vendors);
      found.addAll(result.devices());
      return new FileReport(file, "csv", result.rows(), result.devices().size(), 0, Optional.empty(), result.badRows(),
          result.ignoredColumns());
    }
  }

  private FileReport capture(Path file, InputKind kind, List<PassiveDevice> found) throws IOException {
    CaptureAnalysis analysis = new CaptureAnalysis(vendors);
    CaptureFormat format = kind == InputKind.PCAP ? CaptureFormat.PCAP : CaptureFormat.PCAPNG;
    CaptureReader reader;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      reader = CaptureReader.open(format, in);
      for (Frame f; (f = reader.next()) != null; ) analysis.add(PacketDecoder.decode(f));
    }
    found.addAll(analysis.devices(file.getFileName().toString()));
    return new FileReport(file, format.name().toLowerCase(java.util.Locale.ROOT), analysis.frames(), found.size(),
        analysis.layer2Only(), reader.damage(), List.of(), List.of());
  }

  /** What two files say about one device. */
  static PassiveDevice combine(PassiveDevice a, PassiveDevice b) {
    boolean bNewer = a.lastSeen() == null || (b.lastSeen() != null && !b.lastSeen().isBefore(a.lastSeen()));
    Map<String, PassiveDevice.Fact> facts = new LinkedHashMap<>(bNewer ? a.facts() : b.facts());
    for (Map.Entry<String, PassiveDevice.Fact> e : (bNewer ? b.facts() : a.facts()).entrySet()) {
      PassiveDevice.Fact old = facts.get(e.getKey());
      facts.put(e.getKey(), old != null && LISTS.contains(e.getKey())
          ? new PassiveDevice.Fact(union(old.value(), e.getValue().value()), e.getValue().detail()) : e.getValue());
    }
    return new PassiveDevice(a.address(), DeviceCsv.min(a.firstSeen(), b.firstSeen()),
        DeviceCsv.max(a.lastSeen(), b.lastSeen()), facts);
  }

  static String union(String x, String y) {
    Set<String> all = new TreeSet<>();
    for (String s : (x + "," + y).split(",")) if (!s.isBlank()) all.add(s.strip());
    return String.join(",", all);
  }

  private List<Observation> observations(List<PassiveDevice> devices) {
    // Only the stored devices this import names, read device by device: a map of the whole
    // inventory did not fit in a small heap once the inventory held a /14.
    Map<String, Device> stored = new HashMap<>();
    if (!devices.isEmpty()) {
      Set<String> named = new java.util.HashSet<>();
      for (PassiveDevice d : devices) named.add(d.address());
      inventory.eachDevice(d -> {
        if (named.contains(d.address())) stored.put(d.address(), d);
      });
    }
    Instant now = clock.instant();
    List<Observation> out = new ArrayList<>();
    for (PassiveDevice d : devices) {
      Device before = stored.get(d.address());
      Instant first = DeviceCsv.min(d.firstSeen(), storedTime(before, "first-seen"));
      Instant last = DeviceCsv.max(d.lastSeen(), storedTime(before, "last-seen"));
      Instant fileTime = d.lastSeen() != null ? d.lastSeen() : now;
      Instant mergedTime = last != null ? last : now;
      for (Map.Entry<String, PassiveDevice.Fact> e : d.facts().entrySet()) {
        String value = e.getValue().value();
        Instant at = fileTime;
        if (LISTS.contains(e.getKey())) {
          String old = before == null ? null : before.latest(e.getKey(), SOURCE).map(AttributeValue::value).orElse(null);
          if (old != null) value = union(old, value);
          at = mergedTime;
        }
        out.add(new Observation(d.address(), e.getKey(), value, SOURCE, e.getValue().detail(), at));
      }
      if (first != null) out.add(new Observation(d.address(), "first-seen", first.toString(), SOURCE, "", mergedTime));
      if (last != null) out.add(new Observation(d.address(), "last-seen", last.toString(), SOURCE, "", mergedTime));
    }
    return out;
  }

  private static Instant storedTime(Device d, String attribute) {
    if (d == null) return null;
    return d.latest(attribute, SOURCE).map(a -> {
      try {
        return Instant.parse(a.value());
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }).orElse(null);
  }
}
