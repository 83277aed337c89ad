package org.otactive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.otactive.common.CsvRecords;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Change;
import org.otactive.inventory.Device;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.DeviceHistory;
import org.otactive.scope.Addresses;
import org.otactive.store.Database;
import org.otactive.supervise.DeviceSearch;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code otactive devices}: the inventory. */
@Command(name = "devices", mixinStandardHelpOptions = true,
    description = {"The device inventory: each attribute's latest value from each source, with its time.",
        "The options narrow it as the console's search does; given together, a device must match them all."},
    subcommands = DevicesCommand.Show.class)
final class DevicesCommand extends Supervised {
  @picocli.CommandLine.Mixin Listing.Format listing;

  @Option(names = "--site", paramLabel = "SITE", description = "Devices in the site's ranges.")
  String site;

  @Option(names = "--subnet", paramLabel = "RANGE", description = "Devices in an address, CIDR block or range a-b.")
  String subnet;

  @Option(names = "--attribute", paramLabel = "NAME", description = "Devices with a value of this attribute (hostname, os-caption, ...).")
  String attribute;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Devices with a value from this source (rdns, wem, passive, ...).")
  String source;

  @Option(names = "--hostname", paramLabel = "has|lacks", description = "Devices whose host name is known (has) or not (lacks).")
  String hostname;

  @Option(names = "--search", paramLabel = "TEXT", description = "Devices whose address or any value contains TEXT (any case).")
  String text;

  @Override
  int execute(Services services) throws Exception {
    PrintWriter out = out();
    // Device by device from the store, a few rows at a time: the whole inventory of a /14 did not
    // fit in a 256 MB heap as a list (a table is read twice: its widths, then its rows).
    java.util.function.Predicate<Device> matches = new DeviceSearch(site, DeviceSearch.subnet(subnet), attribute, source,
        DeviceSearch.hostnameKnown(hostname), text).matcher(services.supervisor());
    Inventory inventory = services.inventory();
    switch (listing.format) {
      case TABLE -> {
        List<String> header = List.of("ADDRESS", "ATTRIBUTE", "VALUE", "SOURCE", "SEEN");
        int[] width = header.stream().mapToInt(String::length).toArray();
        eachRow(inventory, matches, row -> {
          for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], row.get(i).length());
        });
        Tables.printRow(out, header, width);
        eachRow(inventory, matches, row -> Tables.printRow(out, row, width));
      }
      case CSV -> {
        CsvRecords.Printer csv = new CsvRecords.Printer(out, "address", "mac", "attribute", "value", "source", "detail",
            "since", "last_seen");
        eachMatching(inventory, matches, d -> {
          String mac = d.mac() == null ? "" : d.mac(); // not the first cell: empty either way
          for (AttributeValue a : d.latest()) {
            csv.print(d.address(), mac, a.attribute(), a.value(), a.source(), a.detail(), a.since().toString(),
                a.lastSeen().toString());
          }
        });
        csv.finish();
      }
      case JSON -> {
        try (com.fasterxml.jackson.databind.SequenceWriter json = mapper().writer().writeValuesAsArray(out)) {
          eachMatching(inventory, matches, d -> json.write(deviceJson(d)));
        }
        out.println();
      }
    }
    out.flush();
    return 0;
  }

  /** Output of one device that may fail. */
  @FunctionalInterface
  private interface DeviceOutput {
    void write(Device d) throws java.io.IOException;
  }

  /** The devices that match, in order, to {@code out}; the first failure stops the output and is rethrown. */
  private static void eachMatching(Inventory inventory, java.util.function.Predicate<Device> matches, DeviceOutput out)
      throws java.io.IOException {
    java.io.IOException[] failed = new java.io.IOException[1];
    inventory.eachDevice(d -> {
      if (failed[0] != null || !matches.test(d)) return;
      try {
        out.write(d);
      } catch (java.io.IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) throw failed[0];
  }

  /** The table's rows of the devices that match: one per latest value, or one for a device without any. */
  private static void eachRow(Inventory inventory, java.util.function.Predicate<Device> matches,
      java.util.function.Consumer<List<String>> each) throws java.io.IOException {
    eachMatching(inventory, matches, d -> {
      if (d.latest().isEmpty()) each.accept(List.of(d.address(), "", "", "", ""));
      for (AttributeValue a : d.latest()) {
        each.accept(List.of(d.address(), a.attribute(), a.value(), a.source(), String.valueOf(a.lastSeen())));
      }
    });
  }

  static ObjectMapper mapper() {
    return Listing.json();
  }

  static Map<String, Object> deviceJson(Device d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", d.address());
    m.put("mac", d.mac());
    m.put("firstSeen", String.valueOf(d.firstSeen()));
    m.put("lastSeen", String.valueOf(d.lastSeen()));
    // "attributes": the value most recently confirmed by any source; "bySource": every source's own
    // latest value (an active result never hides a passive one).
    Map<String, Object> attrs = new LinkedHashMap<>();
    Map<String, Map<String, Object>> bySource = new LinkedHashMap<>();
    for (AttributeValue a : d.latest()) {
      attrs.put(a.attribute(), valueJson(d.latest(a.attribute()).orElse(a)));
      bySource.computeIfAbsent(a.attribute(), k -> new LinkedHashMap<>()).put(a.source(), valueJson(a));
    }
    m.put("attributes", attrs);
    m.put("bySource", bySource);
    return m;
  }

  static Map<String, Object> valueJson(AttributeValue a) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("value", a.value());
    v.put("source", a.source());
    v.put("detail", a.detail());
    v.put("since", String.valueOf(a.since()));
    v.put("lastSeen", String.valueOf(a.lastSeen()));
    return v;
  }

  /** {@code otactive devices show ADDRESS}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "One device with every value it had and its changes (old -> new).")
  static final class Show extends Supervised {
    @Parameters(paramLabel = "ADDRESS", description = "The device's IP address.")
    String address;

    @picocli.CommandLine.Mixin Listing.Format listing;

    @Override
    int execute(Services services) throws Exception {
      String canonical = Addresses.canonical(Addresses.parse(address));
      PrintWriter out = out();
      {
        Optional<DeviceHistory> found = services.inventory().device(canonical);
        if (found.isEmpty()) {
          err().println("otactive: no device " + canonical + " in the inventory");
          return Main.EXIT_FAILED;
        }
        DeviceHistory h = found.get();
        OutputFormat format = listing.format;
        if (format == OutputFormat.CSV) {
          // Every value each attribute had, oldest first: the device's whole history.
          List<List<String>> rows = new ArrayList<>();
          for (AttributeValue a : h.history()) {
            rows.add(List.of(h.device().address(), a.attribute(), a.value(), a.source(), a.detail(),
                String.valueOf(a.since()), String.valueOf(a.lastSeen())));
          }
          Listing.print(out, OutputFormat.CSV, List.of("address", "attribute", "value", "source", "detail", "since",
              "last_seen"), rows);
        } else if (format == OutputFormat.JSON) {
          Map<String, Object> m = deviceJson(h.device());
          m.put("history", h.history().stream().map(a -> {
            Map<String, Object> v = valueJson(a);
            v.put("attribute", a.attribute());
            return v;
          }).toList());
          m.put("changes", h.changes().stream().map(DevicesCommand::changeJson).toList());
          mapper().writeValue(out, m);
          out.println();
        } else {
          Device d = h.device();
          out.println("device " + d.address() + (d.mac() == null ? "" : " (" + d.mac() + ")")
              + ", first seen " + d.firstSeen() + ", last seen " + d.lastSeen());
          out.println();
          List<List<String>> rows = new ArrayList<>();
          for (AttributeValue a : d.latest()) {
            rows.add(List.of(a.attribute(), a.value(), a.source(), a.detail(), String.valueOf(a.lastSeen())));
          }
          Listing.print(out, OutputFormat.TABLE, List.of("attribute", "value", "source", "detail", "seen"), rows);
          out.println();
          out.println("changes:");
          List<List<String>> changes = new ArrayList<>();
          for (Change c : h.changes()) {
            changes.add(List.of(String.valueOf(c.at()), c.attribute(),
                (c.oldValue() == null ? "(none)" : c.oldValue()) + " -> " + c.newValue(), c.source()));
          }
          Listing.print(out, OutputFormat.TABLE, List.of("at", "attribute", "change", "source"), changes);
        }
        out.flush();
      }
      return 0;
    }
  }

  static Map<String, Object> changeJson(Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", String.valueOf(c.at()));
    m.put("attribute", c.attribute());
    m.put("old", c.oldValue());
    m.put("new", c.newValue());
    m.put("source", c.source());
    return m;
  }
}
