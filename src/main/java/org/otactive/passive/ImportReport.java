package org.otactive.passive;

import java.util.List;
import org.otactive.inventory.Change;

/**
 * What a passive import did.
 *
 * @param files one report per input file, in the order given
 * @param devicesStored devices whose observations were stored
 * @param observations observations stored (source {@code passive})
 * @param changes values that changed or were seen for the first time
 * @param site the site the import was restricted to, or null
 * @param outsideSite devices found outside the site's ranges: not stored
 */
public record ImportReport(List<FileReport> files, int devicesStored, int observations, List<Change> changes,
    String site, List<String> outsideSite) {
  public ImportReport {
    files = List.copyOf(files);
    changes = List.copyOf(changes);
    outsideSite = List.copyOf(outsideSite);
  }

  /** True when any file was damaged or had bad rows. */
  public boolean hadProblems() {
    return files.stream().anyMatch(f -> f.damage().isPresent() || !f.badRows().isEmpty());
  }
}
