package org.otactive.passive;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Vendor names by MAC prefix, from Wireshark's {@code manuf} list (Debian package
 * {@code libwireshark-data}, {@code /usr/share/wireshark/manuf}), read at run time so the list
 * stays as current as the system's package and is not shipped inside otactive.
 *
 * <p>The list holds 24-bit OUIs and longer IEEE assignments (MA-M /28, MA-S /36, written
 * {@code 00:1B:C5:00:10:00/36}); the longest matching prefix wins. Each line is
 * {@code PREFIX<TAB>SHORT[<TAB>LONG]}; the long name is used when present. Immutable, thread-safe.
 */
public final class Vendors {
  /** Where Debian puts the list; {@code OTACTIVE_MANUF} in the environment names another file. */
  public static final Path DEBIAN = Path.of("/usr/share/wireshark/manuf");

  private static final int[] PREFIXES = {48, 40, 36, 32, 28, 24};

  private final Map<Integer, Map<Long, String>> byPrefix;
  private final Path source;

  private Vendors(Map<Integer, Map<Long, String>> byPrefix, Path source) {
    this.byPrefix = byPrefix;
    this.source = source;
  }

  /** No list: every look-up is empty. */
  public static Vendors none() {
    return new Vendors(Map.of(), null);
  }

  /** The list at {@code OTACTIVE_MANUF} or Debian's place, or {@link #none()} when there is none. */
  public static Vendors system() {
    String env = System.getenv("OTACTIVE_MANUF");
    Path file = env != null && !env.isBlank() ? Path.of(env) : DEBIAN;
    if (!Files.isReadable(file)) return none();
    try {
      return read(file);
    } catch (IOException e) {
      return none();
    }
  }

  /** Reads a list in Wireshark's manuf format; lines it does not understand are skipped. */
  public static Vendors read(Path file) throws IOException {
    Map<Integer, Map<Long, String>> map = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty() || line.charAt(0) == '#') continue;
        String[] f = line.split("\t");
        if (f.length < 2) continue;
        String prefix = f[0].strip();
        int bits = 24;
        int slash = prefix.indexOf('/');
        if (slash > 0) {
          try {
            bits = Integer.parseInt(prefix.substring(slash + 1));
          } catch (NumberFormatException e) {
            continue;
          }
          prefix = prefix.substring(0, slash);
        }
        String hex = prefix.replaceAll("[:.-]", "");
        if (!hex.matches("[0-9A-Fa-f]{6,12}") || bits < 24 || bits > 48) continue;
        long value = Long.parseLong((hex + "000000000000").substring(0, 12), 16);
        String name = (f.length >= 3 && !f[2].isBlank() ? f[2] : f[1]).strip();
        map.computeIfAbsent(bits, k -> new HashMap<>()).put(value >>> (48 - bits), Text.clean(name, 200));
      }
    }
    return new Vendors(map, file);
  }

  /** The vendor of a MAC address (48-bit number); empty for locally administered or unknown ones. */
  public Optional<String> of(long mac) {
    if (mac < 0 || (mac >>> 40 & 0x02) != 0) return Optional.empty();
    for (int bits : PREFIXES) {
      Map<Long, String> m = byPrefix.get(bits);
      if (m == null) continue;
      String name = m.get(mac >>> (48 - bits));
      if (name != null) return Optional.of(name);
    }
    return Optional.empty();
  }

  /** The file the list came from, empty for {@link #none()}. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }
}
