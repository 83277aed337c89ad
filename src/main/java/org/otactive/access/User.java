package org.otactive.access;

import org.otactive.common.Text;
import java.util.Objects;
import org.otactive.scope.AddressSet;
import org.otactive.common.BadInputException;

/** A named user and their role. Names are what the audit log shows, so they are kept plain. */
public record User(String name, Role role) {
  public User {
    checkName(name);
    Objects.requireNonNull(role, "role");
  }

  public static String checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      throw new BadInputException("bad user name: '" + Text.printable(name)
          + "' (letters, digits, dot, dash, underscore, @; at most 64)");
    }
    return name;
  }
}
