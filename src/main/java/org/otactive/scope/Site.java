package org.otactive.scope;

import org.otactive.common.Text;
import org.otactive.common.BadInputException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A plant site: a name, the time zone its maintenance windows are written in, and the address
 * ranges active monitoring may touch there.
 */
public record Site(String name, ZoneId zone, AddressSet ranges) {
  public Site {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(ranges, "ranges");
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
      throw new BadInputException("bad site name: '" + Text.printable(name)
          + "' (letters, digits, space, dot, dash, underscore; at most 64)");
    }
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
