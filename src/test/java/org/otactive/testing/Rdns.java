package org.otactive.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.probe.OptionValues;

/** Reverse DNS settings as typed on the command line, for tests that configure a site's method. */
public final class Rdns {
  private Rdns() {}

  /** {@code --dns-server S… --labels N --rate R --in-flight N --tries N}; rate 0 means unlimited. */
  public static OptionValues options(List<String> servers, int labels, double rate, int inFlight, int tries) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("dns-server", servers);
    m.put("labels", List.of(Integer.toString(labels)));
    m.put("rate", List.of(rate == 0 ? "unlimited" : Double.toString(rate)));
    m.put("in-flight", List.of(Integer.toString(inFlight)));
    m.put("tries", List.of(Integer.toString(tries)));
    return new OptionValues(m);
  }
}
