package org.otactive.access;

import org.otactive.common.Text;
import java.util.Locale;
import org.otactive.common.BadInputException;

/**
 * What a user may do. Admins may do everything; owners control the sites they own (start, stop,
 * pause, resume, re-arm, their windows, schedules and method settings); viewers only read.
 */
public enum Role {
  ADMIN,
  OWNER,
  VIEWER;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    for (Role r : values()) if (r.word().equalsIgnoreCase(text == null ? "" : text.strip())) return r;
    throw new BadInputException("unknown role: '" + Text.printable(text)
        + "' (admin, owner or viewer)");
  }
}
