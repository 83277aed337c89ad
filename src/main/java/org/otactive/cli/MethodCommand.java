package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import org.otactive.safety.Rate;
import org.otactive.store.JdbcSupervision;
import org.otactive.supervise.RdnsMethodSettings;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive method}: each method's settings and enabled toggle per site. */
@Command(name = "method", mixinStandardHelpOptions = true, description = "Methods per site: settings and the enabled toggle.",
    subcommands = {MethodCommand.SetRdns.class, MethodCommand.Enable.class, MethodCommand.Disable.class,
        MethodCommand.ListMethods.class})
final class MethodCommand {
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set reverse DNS settings on a site (a new method starts disabled): method set rdns --site S --dns-server ...")
  static final class SetRdns extends Supervised {
    @Parameters(paramLabel = "METHOD", description = "rdns") String method;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--dns-server", required = true, paramLabel = "ADDR[:PORT][=SUBNETS]") List<String> servers;
    @Option(names = "--labels", defaultValue = "1", paramLabel = "N") int labels;
    @Option(names = "--rate", defaultValue = "200", converter = Converters.RateConverter.class, paramLabel = "QPS") Rate rate;
    @Option(names = "--in-flight", defaultValue = "100", paramLabel = "N") int inFlight;
    @Option(names = "--tries", defaultValue = "3", paramLabel = "N") int tries;
    @Option(names = "--reason", paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      Supervisor.checkMethod(method);
      RdnsMethodSettings settings = new RdnsMethodSettings(servers, labels, rate.perSecond(), inFlight, tries);
      s.supervisor().setRdnsSettings(actor(), site, settings, reason);
      out().println("rdns on " + site + ": " + settings.toJson());
      return 0;
    }
  }

  /** The enabled toggle; the two commands differ only in which way they switch it. */
  abstract static class Toggle extends Supervised {
    @Parameters(paramLabel = "METHOD") String method;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--reason", paramLabel = "TEXT") String reason;

    abstract boolean enable();

    @Override
    int execute(Services s) {
      s.supervisor().setMethodEnabled(actor(), site, method, enable(), reason);
      out().println(method + (enable() ? " enabled on " : " disabled on ") + site);
      return 0;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a method on a site.")
  static final class Enable extends Toggle {
    @Override
    boolean enable() {
      return true;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a method on a site (stops its runs).")
  static final class Disable extends Toggle {
    @Override
    boolean enable() {
      return false;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List methods per site.")
  static final class ListMethods extends Supervised {
    @Override
    int execute(Services s) {
      List<List<String>> rows = new ArrayList<>();
      for (JdbcSupervision.MethodSetting m : s.supervisor().store().methods(null)) {
        rows.add(List.of(m.site(), m.method(), m.enabled() ? "enabled" : "disabled", m.settings()));
      }
      Tables.print(out(), List.of("SITE", "METHOD", "STATE", "SETTINGS"), rows);
      return 0;
    }
  }
}
