package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.otactive.netcheck.Finding;
import org.otactive.netcheck.IpRouteTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otactive netcheck [--site S]}: is this host's way into the OT subnets open for each enabled method? */
@Command(name = "netcheck", mixinStandardHelpOptions = true,
    description = {"Network access check per site and enabled method: which interface and gateway carry the traffic"
        + " (or that there is no route), whether each server answers on its port, whether the devices' ports can be"
        + " reached (one connect each, closed at once, through the gate), and for what fails the missing firewall rule.",
        "Routes are read without sending; the rest is sent only while active monitoring is on and the site is not"
            + " stopped, audited as a run. Exit 1 when a check failed or was not sent, else 0."})
final class NetcheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Option(names = "--site", paramLabel = "NAME", description = "Only this site (default: every site; admins).") String site;
  @Option(names = "--method", paramLabel = "METHOD", description = "Only this method (configured, enabled or not).") String method;
  @Option(names = "--sample", paramLabel = "N", defaultValue = "3",
      description = "Devices tried per access to the devices themselves (default ${DEFAULT-VALUE}).") int sample;
  @Mixin Listing.Format format;

  @Override
  public Integer call() throws Exception {
    Main main = (Main) spec.root().userObject();
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    return LocalSends.run(main, err, (services, stop) -> {
      List<Finding> findings = services.netChecks().check(main.actor(), site, method, sample, new IpRouteTable(), stop);
      List<List<String>> rows = new ArrayList<>();
      for (Finding f : findings) rows.add(List.of(f.site(), f.method(), f.check(), f.to(), f.route(), f.result(), f.detail(), f.fix()));
      Listing.print(out, format.format, List.of("site", "method", "check", "to", "route", "result", "detail", "fix"), rows);
      long passed = findings.stream().filter(Finding::ok).count();
      long failed = findings.stream().filter(Finding::failed).count();
      List<String> fixes = findings.stream().map(Finding::fix).filter(x -> !x.isEmpty()).distinct().toList();
      err.println("netcheck: " + passed + " passed, " + failed + " failed or not sent, " + (findings.size() - passed - failed)
          + " not checked or answered with an error (of " + findings.size() + ")" + (fixes.isEmpty() ? "" : "; missing:"));
      fixes.forEach(x -> err.println("  " + x));
      err.flush();
      return failed == 0 ? 0 : Main.EXIT_FAILED;
    });
  }
}
