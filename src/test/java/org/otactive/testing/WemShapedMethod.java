package org.otactive.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.otactive.common.BadInputException;
import org.otactive.probe.Access;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.Fact;
import org.otactive.probe.Impact;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.Outcome;
import org.otactive.probe.Peer;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.SettingOption;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.Target;
import org.otactive.probe.TestReport;
import org.otactive.safety.Blocked;
import org.otactive.safety.Rate;

/**
 * A method of the test tree shaped as Windows Endpoint Monitoring declares itself to the planner
 * and the network-access check (WEM is built on other branches): it fills the host's OS, hotfixes
 * and software (and its host name), is worth asking about hosts that look like Windows or that
 * nothing is known about, talks to the devices themselves over TCP 135 and then the exporter's
 * port that the endpoint mapper names. Its probe only opens TCP {@code --port} (135) through the
 * gate and closes it: the declarations are what the tests exercise.
 */
public final class WemShapedMethod implements Method {
  static final SettingOption PORT = SettingOption.of("port", "N", "135", "The endpoint mapper's port.");
  static final SettingOption RATE = SettingOption.of("rate", "N|unlimited", "10", "Packets per second per device.");
  /** The attributes it fills (WEM's names). */
  public static final List<String> FILLS = List.of("hostname", "os-caption", "hotfixes", "software");

  @Override
  public String id() {
    return "wemlike";
  }

  @Override
  public String displayName() {
    return "WEM-shaped (test only)";
  }

  @Override
  public String description() {
    return "Opens TCP 135 on each Windows-looking device and closes it.";
  }

  @Override
  public List<SettingOption> options() {
    return List.of(PORT, RATE);
  }

  @Override
  public List<ResultColumn> resultColumns() {
    return List.of(new ResultColumn("epmap", false));
  }

  @Override
  public List<String> fills() {
    return FILLS;
  }

  /** Windows, or nothing known: a passive OS that names Windows, or no OS, vendor or OT protocol at all. */
  @Override
  public boolean worthAsking(KnownDevice known) {
    if (known.has("os")) return known.values("os").stream().anyMatch(o -> o.toLowerCase(Locale.ROOT).contains("windows"));
    return !known.has("ot-server") && !known.has("firmware");
  }

  @Override
  public Configured configure(OptionValues values) {
    int port;
    try {
      port = Integer.parseInt(values.one(PORT));
    } catch (NumberFormatException e) {
      throw new BadInputException("--port is not a number: '" + values.one(PORT) + "'");
    }
    if (port < 1 || port > 65535) throw new BadInputException("--port out of range: " + port);
    return new Conf(this, values, port, Rate.parse(values.one(RATE), "--rate"));
  }

  private record Conf(Method method, OptionValues values, int port, Rate rate) implements Configured {
    @Override
    public List<Peer> peers() {
      return List.of();
    }

    @Override
    public ProbeSpec spec() {
      return new ProbeSpec("wemlike", "DCOM", port, Impact.READ_ONLY, 3, 6, 1, 2,
          "one TCP connect to port " + port + " of each device, closed at once");
    }

    @Override
    public Budget budget() {
      return new Budget(rate, 1, 8);
    }

    @Override
    public List<Access> access() {
      return List.of(Access.connectTargets(port, "DCOM endpoint mapper"),
          Access.dynamicTargetPort(Access.Transport.TCP, "WMI exporter, port named by the endpoint mapper"));
    }

    private Outcome open(InetAddress target, ProbeContext ctx) throws InterruptedException {
      try (StreamConnection c = ctx.connect(new InetSocketAddress(target, port), Duration.ofSeconds(2))) {
        return new Outcome.Ok(List.of(new Fact("epmap", "open", "TCP " + port)), "TCP " + port + " open");
      } catch (Blocked b) {
        return new Outcome.Blocked(b.getMessage());
      } catch (ConnectException e) {
        return new Outcome.Refused("TCP " + port + " refused");
      } catch (IOException e) {
        return new Outcome.NoAnswer("TCP " + port + ": " + e.getMessage());
      }
    }

    @Override
    public Probe probe() {
      return new Probe() {
        @Override
        public ProbeSpec spec() {
          return Conf.this.spec();
        }

        @Override
        public boolean appliesTo(Target target) {
          return true;
        }

        @Override
        public Outcome probe(Target target, ProbeContext ctx) throws InterruptedException {
          return open(target.address(), ctx);
        }
      };
    }

    @Override
    public List<TestReport> test(InetAddress target, ProbeContext context) throws InterruptedException {
      Outcome o = open(target, context);
      return List.of(new TestReport(o instanceof Outcome.Ok, List.of(new TestReport.Field("port", "TCP " + port),
          new TestReport.Field("verdict", o.detail()))));
    }
  }
}
