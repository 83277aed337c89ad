package org.otactive.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.otactive.common.Text;
import org.otactive.inventory.Change;
import org.otactive.passive.FileReport;
import org.otactive.passive.ImportReport;
import org.otactive.passive.PassiveImporter;
import org.otactive.passive.Vendors;
import org.otactive.scope.Site;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive passive}: knowledge from passive sources (device exports, captures). */
@Command(name = "passive", mixinStandardHelpOptions = true,
    description = "Passive knowledge: device CSV exports and packet captures.", subcommands = PassiveCommand.Import.class)
final class PassiveCommand {
  /** {@code otactive passive import FILE... [--site S]}: a thin shell around {@link PassiveImporter}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import device CSV exports and pcap/pcapng captures as observations with source 'passive'.")
  static final class Import extends Supervised {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "CSV exports, pcap or pcapng files (told by their bytes).")
    List<Path> files;

    @Option(names = "--site", paramLabel = "SITE", description = "Store only devices in this site's ranges.")
    String site;

    @Override
    int execute(Services s) throws Exception {
      Optional<Site> scope = Optional.ofNullable(site).map(s.supervisor()::site);
      s.supervisor().checkPassiveImport(actor(), site);
      Vendors vendors = Vendors.system();
      List<Path> resolved = files.stream().map(f -> main().cwd.resolve(f)).toList();
      ImportReport r = new PassiveImporter(s.inventory(), vendors, s.supervisor().clock()).importFiles(resolved, scope);
      s.supervisor().recordPassiveImport(actor(), site, files.stream().map(f -> f.getFileName().toString()).toList()
          + ": " + r.devicesStored() + " devices, " + r.observations() + " observations");
      print(r, vendors, out(), err());
      return 0;
    }
  }

  static void print(ImportReport r, Vendors vendors, PrintWriter out, PrintWriter err) {
    for (FileReport f : r.files()) {
      out.printf("%s (%s): %,d %s, %s%s%n", f.file().getFileName(), f.format(), f.items(),
          f.format().equals("csv") ? "rows" : "frames", Text.count(f.devices(), "device"),
          f.layer2Only() > 0 ? ", " + f.layer2Only() + " MACs without an IP address (not stored)" : "");
      f.damage().ifPresent(d -> err.println("otactive: " + f.file().getFileName() + ": " + d
          + "; imported what came before"));
      for (String bad : f.badRows()) err.println("otactive: " + f.file().getFileName() + ": skipped " + bad);
      if (!f.ignoredColumns().isEmpty()) {
        err.println("otactive: " + f.file().getFileName() + ": ignored columns: " + String.join(", ", f.ignoredColumns()));
      }
    }
    if (vendors.source().isEmpty()) {
      err.println("otactive: no MAC vendor list at " + Vendors.DEBIAN + " (Debian package libwireshark-data): vendors not named");
    }
    long changed = r.changes().stream().filter(c -> !c.isFirstSighting()).count();
    out.printf("passive import: %s, %s stored (source passive); %d new values, %d changed%n",
        Text.count(r.devicesStored(), "device"), Text.count(r.observations(), "observation"), r.changes().size() - changed,
        changed);
    for (Change c : r.changes()) {
      if (!c.isFirstSighting()) out.println("  " + c.address() + " " + c.attribute() + ": " + c.oldValue() + " -> " + c.newValue());
    }
    if (!r.outsideSite().isEmpty()) {
      List<String> shown = r.outsideSite().subList(0, Math.min(20, r.outsideSite().size()));
      out.printf("%s outside site %s's ranges were not stored: %s%s%n", Text.count(r.outsideSite().size(), "device"), r.site(),
          String.join(", ", shown), r.outsideSite().size() > shown.size() ? ", ..." : "");
    }
    out.flush();
    err.flush();
  }
}
