package org.otactive.probe.rdns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.Access;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.Method;
import org.otactive.probe.Outcome;
import org.otactive.probe.OptionValues;
import org.otactive.probe.Peer;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.SettingOption;
import org.otactive.probe.TestReport;
import org.otactive.safety.Rate;

/**
 * Reverse DNS lookup as a registered method: its settings (the DNS servers with their port, number
 * of labels and subnets, as the reference product configures them; rate, in-flight and tries per
 * server) and the probe they make.
 */
public final class ReverseDnsMethod implements Method {
  static final SettingOption SERVER = SettingOption.requiredList("dns-server", "ADDR[:PORT][#LABELS][=SUBNETS]",
      "A DNS server (port 53 by default), optionally with its own number of labels and the subnets it serves:"
          + " 127.0.0.1:5392#2=10.78.0.0/16,10.79.0.0/24; IPv6 as [::1]:53=fd00::/64. Repeat for several; a server"
          + " without subnets serves every target.");
  static final SettingOption LABELS = SettingOption.of("labels", "N", "1",
      "Leading labels of the FQDN shown as host name (1..127) for servers that give none (#LABELS); the full FQDN is"
          + " always stored.");
  static final SettingOption RATE = SettingOption.of("rate", "QPS|unlimited", "200",
      "Queries per second per DNS server, or 'unlimited' (for a lab server).");
  static final SettingOption IN_FLIGHT = SettingOption.of("in-flight", "N", "100",
      "Queries awaiting an answer per DNS server (1..1000).");
  static final SettingOption TRIES = SettingOption.of("tries", "N", "3",
      "Times one query is sent before a server counts as silent (1..10).");
  private static final List<SettingOption> OPTIONS = List.of(SERVER, LABELS, RATE, IN_FLIGHT, TRIES);
  /** How long the Test dialog waits for each server. */
  static final Duration TEST_TIMEOUT = Duration.ofSeconds(2);

  @Override
  public String id() {
    return ReverseDnsProbe.ID;
  }

  @Override
  public String displayName() {
    return "Reverse DNS lookup";
  }

  @Override
  public String description() {
    return "Asks the plant's DNS servers for the names of addresses (PTR); nothing is sent to the devices themselves.";
  }

  @Override
  public List<SettingOption> options() {
    return OPTIONS;
  }

  @Override
  public List<org.otactive.probe.OptionTable> tables() {
    return List.of(new DnsServerTable(SERVER.name()));
  }

  @Override
  public List<ResultColumn> resultColumns() {
    return List.of(new ResultColumn("hostname", false), new ResultColumn("fqdn", true));
  }

  /** Worth asking while no source knows the device's host name (the FQDN alone is no gap). */
  @Override
  public boolean worthAsking(KnownDevice known) {
    return !known.has("hostname");
  }

  @Override
  public Configured configure(OptionValues values) {
    for (SettingOption o : OPTIONS) {
      if (o.required() && values.all(o.name()).isEmpty()) {
        throw new BadInputException("no DNS server given (--" + o.name() + " " + o.paramLabel() + ")");
      }
    }
    int labels = number(values, LABELS, 1, DnsServer.MAX_LABELS);
    Rate rate = Rate.parse(values.one(RATE), "--rate");
    int inFlight = number(values, IN_FLIGHT, 1, 1000);
    int tries = number(values, TRIES, 1, 10);
    List<DnsServer> servers = values.all(SERVER.name()).stream().map(s -> DnsServerSpec.parse(s, labels)).toList();
    return new ConfiguredRdns(this, values, new RdnsSettings(servers, tries), rate, inFlight);
  }

  private static int number(OptionValues values, SettingOption option, int min, int max) {
    String text = values.one(option);
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // one message below
    }
    throw new BadInputException("--" + option.name() + " out of range: '" + Text.printable(text) + "' (" + min + ".." + max + ")");
  }

  /** Reverse DNS with validated settings. */
  private record ConfiguredRdns(Method method, OptionValues values, RdnsSettings settings, Rate rate, int inFlight)
      implements Configured {
    @Override
    public List<Peer> peers() {
      return settings.servers().stream().map(s -> new Peer(s.endpoint(), "DNS server", s.subnets())).toList();
    }

    @Override
    public ProbeSpec spec() {
      return new ReverseDnsProbe(settings).spec();
    }

    @Override
    public Budget budget() {
      // As many targets at once as the servers take queries in flight: more would only queue on
      // the gate, fewer would leave servers idle.
      return new Budget(rate, inFlight, Math.max(16, Math.min(4096, inFlight * settings.servers().size())));
    }

    @Override
    public Probe probe() {
      return new ReverseDnsProbe(settings);
    }

    @Override
    public Optional<String> whyNotAsked(InetAddress target) {
      return settings.serversFor(target).isEmpty() ? Optional.of("no DNS server serves it") : Optional.empty();
    }

    /** Per server: PTR queries over UDP, and TCP for answers too long for UDP. Nothing to the devices. */
    @Override
    public List<Access> access() {
      List<Access> out = new ArrayList<>();
      for (Peer p : peers()) {
        int port = p.endpoint().getPort();
        out.add(Access.ask(p, Access.Transport.UDP, port, "PTR queries"));
        out.add(Access.connect(p, port, "PTR answers too long for UDP"));
      }
      return out;
    }

    @Override
    public Outcome ask(Access access, ProbeContext context) throws InterruptedException {
      for (DnsServer server : settings.servers()) {
        if (access.peer() != null && server.endpoint().equals(access.peer().endpoint())) {
          return new ReverseDnsProbe(settings).reach(server, TEST_TIMEOUT, context);
        }
      }
      return new Outcome.NotApplicable("reverse DNS sends nothing to the devices themselves");
    }

    @Override
    public List<TestReport> test(InetAddress target, ProbeContext context) throws InterruptedException {
      ReverseDnsProbe probe = new ReverseDnsProbe(settings);
      List<TestReport> out = new ArrayList<>();
      for (DnsServer server : settings.servers()) out.add(probe.test(server, TEST_TIMEOUT, context));
      return out;
    }
  }
}
