package org.otactive.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.BadInputException;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.SettingOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A method's settings as command-line options, built from its descriptor: {@code --NAME VALUE},
 * repeatable where the option is, and {@code --NAME-env VAR} for a secret (a secret typed on a
 * command line is visible to other users of the host; an environment variable is not).
 */
final class MethodOptions {
  private MethodOptions() {}

  /** A command named after the method, with its options: {@code method set rdns}, {@code test rdns}, {@code rdns}. */
  static picocli.CommandLine command(Object command, Method method, String... description) {
    picocli.CommandLine cl = new picocli.CommandLine(command);
    cl.getCommandSpec().name(method.id());
    cl.getCommandSpec().usageMessage().description(description);
    add(cl.getCommandSpec(), method, true);
    return cl;
  }

  /** Adds the method's options to {@code spec}; with {@code showDefaults}, help names each default. */
  static void add(CommandSpec spec, Method method, boolean showDefaults) {
    for (SettingOption o : method.options()) {
      OptionSpec.Builder b = OptionSpec.builder("--" + name(o)).arity("1").type(String.class);
      String help = o.description();
      if (o.secret()) {
        b.paramLabel("VAR");
        help = help + " Read from the environment variable VAR.";
      } else {
        b.paramLabel(o.paramLabel());
      }
      if (showDefaults && o.defaultValue() != null) help += " (default " + o.defaultValue() + ")";
      if (o.repeatable()) b.type(List.class).auxiliaryTypes(String.class);
      spec.addOption(b.description(help).build());
    }
  }

  private static String name(SettingOption o) {
    return o.secret() ? o.name() + "-env" : o.name();
  }

  /** The options given on this command line (not the defaults), secrets read from {@code env}. */
  static OptionValues given(ParseResult parsed, Method method, Map<String, String> env) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (SettingOption o : method.options()) {
      String flag = "--" + name(o);
      if (!parsed.hasMatchedOption(flag)) continue;
      List<String> values = new ArrayList<>();
      for (String v : parsed.matchedOption(flag).stringValues()) {
        if (o.secret()) {
          String secret = env.get(v);
          if (secret == null || secret.isEmpty()) {
            throw new BadInputException(flag + ": the environment variable '" + v + "' is not set");
          }
          values.add(secret);
        } else {
          values.add(v);
        }
      }
      out.put(o.name(), values);
    }
    return new OptionValues(out);
  }
}
