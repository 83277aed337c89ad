package org.otactive.probe;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting of a method, as the command line, the API and the console offer it. The same
 * definition serves {@code otactive method set METHOD} and the method's one-off command.
 *
 * <p>A secret option (a password) is never typed on a command line, where other users could read
 * it: the command line takes it from an environment variable ({@code --NAME-env VAR}); the store
 * keeps it encrypted and no listing shows it.
 *
 * @param name the option's name without dashes, e.g. {@code dns-server}
 * @param paramLabel what its value looks like, e.g. {@code ADDR[:PORT][=SUBNETS]}
 * @param description one sentence of help
 * @param defaultValue the value when none is given, or null (then it is empty, or required)
 * @param repeatable whether it may be given several times (a list)
 * @param required whether a method cannot be configured without it
 * @param secret whether its value is a secret
 */
public record SettingOption(String name, String paramLabel, String description, String defaultValue,
    boolean repeatable, boolean required, boolean secret) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  public SettingOption {
    Objects.requireNonNull(paramLabel, "paramLabel");
    Objects.requireNonNull(description, "description");
    if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("bad option name: " + name);
    if (required && defaultValue != null) throw new IllegalArgumentException(name + ": required with a default");
  }

  /** A single-valued public option with a default. */
  public static SettingOption of(String name, String paramLabel, String defaultValue, String description) {
    return new SettingOption(name, paramLabel, description, defaultValue, false, false, false);
  }

  /** A repeatable public option that must be given at least once. */
  public static SettingOption requiredList(String name, String paramLabel, String description) {
    return new SettingOption(name, paramLabel, description, null, true, true, false);
  }

  /** A secret option (never shown, taken from the environment on the command line). */
  public static SettingOption secret(String name, String paramLabel, boolean required, String description) {
    return new SettingOption(name, paramLabel, description, null, false, required, true);
  }
}
