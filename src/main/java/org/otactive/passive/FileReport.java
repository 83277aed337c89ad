package org.otactive.passive;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.otactive.passive.capture.Damage;

/**
 * What one input file gave.
 *
 * @param format {@code pcap}, {@code pcapng} or {@code csv}
 * @param items frames read (captures) or data rows read (CSV)
 * @param devices devices the file named
 * @param layer2Only MACs that sent frames but own no IP address in the capture (not stored)
 * @param damage where a capture stops making sense; everything before it was imported
 * @param badRows CSV rows skipped, each {@code "line N: reason"}
 * @param ignoredColumns CSV columns not read, each named once
 */
public record FileReport(Path file, String format, long items, int devices, long layer2Only, Optional<Damage> damage,
    List<String> badRows, List<String> ignoredColumns) {
  public FileReport {
    badRows = List.copyOf(badRows);
    ignoredColumns = List.copyOf(ignoredColumns);
  }
}
