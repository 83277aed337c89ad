package org.otactive.probe;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A method's free-form question to one target, as the command line offers it: {@code otactive NAME
 * query TARGET [options] TEXT} (for WMI: {@code otactive wmi query 10.0.0.5 --user U
 * --password-env VAR "SELECT Caption FROM Win32_OperatingSystem"}). It is the staging test before a
 * scan: an admin's tool, supervised like a Test action (audited, stops reach it, scope is that one
 * target), answered by {@link Configured#query}.
 *
 * @param name the command's name, a lower-case word that is no method's id: {@code wmi}
 * @param language the query language, for help: {@code WQL}
 * @param description one sentence of help
 */
public record QueryCommand(String name, String language, String description) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public QueryCommand {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(description, "description");
    if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("bad command name: " + name);
  }
}
