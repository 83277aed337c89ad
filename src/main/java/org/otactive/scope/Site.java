package org.otactive.scope;

import org.otactive.common.Text;
import org.otactive.common.BadInputException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A plant site: a name, the time zone its maintenance windows are written in, the address ranges
 * active monitoring may touch there, and the addresses of its included ranges that were taken out
 * of them: never to touch, by any run, one-off scan or Test action (a fragile PLC in a monitored
 * subnet), which is why they are kept and not only left out of the ranges.
 */
public record Site(String name, ZoneId zone, AddressSet ranges, AddressSet excluded) {
  public Site {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(ranges, "ranges");
    Objects.requireNonNull(excluded, "excluded");
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
      throw new BadInputException("bad site name: '" + Text.printable(name)
          + "' (letters, digits, space, dot, dash, underscore; at most 64)");
    }
    if (ranges.intersects(excluded)) throw new IllegalArgumentException("a site's ranges hold an excluded address");
  }

  /** A site with nothing excluded. */
  public Site(String name, ZoneId zone, AddressSet ranges) {
    this(name, zone, ranges, AddressSet.empty());
  }

  /**
   * A site of the {@code include} ranges minus the {@code exclude} ones; the excluded addresses
   * that lie in the included ranges are kept as {@link #excluded}.
   */
  public static Site of(String name, ZoneId zone, List<String> include, List<String> exclude) {
    AddressSet ranges = AddressSet.of(include, exclude);
    return new Site(name, zone, ranges, AddressSet.of(include, List.of()).minus(ranges));
  }

  /** Parses a time zone id such as {@code Europe/Berlin}. */
  public static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      throw new BadInputException("unknown time zone: '" + Text.printable(id) + "'");
    }
  }
}
