package org.otactive.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.otactive.common.BadInputException;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.Datagrams;
import org.otactive.probe.Demux;
import org.otactive.probe.Fact;
import org.otactive.probe.Impact;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.Outcome;
import org.otactive.probe.Peer;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.SettingOption;
import org.otactive.probe.Target;
import org.otactive.probe.TestReport;
import org.otactive.safety.Blocked;
import org.otactive.safety.Rate;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * A method that exists only in the test tree, to prove that a method is a plug-in: registered in a
 * test's own registry, it is configured, scheduled, run, paused and stopped through the real
 * supervision without a line of main code naming it. Per target it sends one datagram
 * {@code KEY token|address} to an echo server (a declared peer, as a DNS server is) and counts the
 * target as answered when the same bytes come back. Its {@code token} is a secret, so the secret
 * store's value reaching the probe decrypted is visible at the echo server.
 */
public final class EchoMethod implements Method {
  static final SettingOption SERVER = SettingOption.requiredList("echo-server", "ADDR:PORT", "The echo server.");
  static final SettingOption TOKEN = SettingOption.secret("token", "TEXT", true, "Sent in every datagram.");
  static final SettingOption RATE = SettingOption.of("rate", "N|unlimited", "unlimited", "Datagrams per second.");
  /** Addresses of the site it does not ask: its targets depend on its settings, as WEM's scan ranges do. */
  static final SettingOption SKIP = new SettingOption("skip", "RANGE", "Addresses of the site not asked.", null, true, false,
      false);
  private static final Demux DEMUX = new Demux() {
    @Override
    public int keyBound() {
      return 1 << 16;
    }

    @Override
    public int keyOf(byte[] datagram, int length) {
      return length < 2 ? -1 : ((datagram[0] & 0xff) << 8) | (datagram[1] & 0xff);
    }
  };

  @Override
  public String id() {
    return "echo";
  }

  @Override
  public String displayName() {
    return "Echo (test only)";
  }

  @Override
  public String description() {
    return "Sends each address with a token to an echo server.";
  }

  @Override
  public List<SettingOption> options() {
    return List.of(SERVER, TOKEN, RATE, SKIP);
  }

  @Override
  public List<ResultColumn> resultColumns() {
    return List.of(new ResultColumn("echoed", false));
  }

  @Override
  public Configured configure(OptionValues values) {
    if (values.all(SERVER.name()).size() != 1) throw new BadInputException("give one --echo-server ADDR:PORT");
    if (values.all(TOKEN.name()).isEmpty()) throw new BadInputException("no --token-env given");
    String s = values.all(SERVER.name()).get(0);
    int colon = s.lastIndexOf(':');
    if (colon < 0) throw new BadInputException("bad --echo-server: '" + s + "'");
    InetSocketAddress server = new InetSocketAddress(Addresses.parse(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1)));
    return new Echo(this, values, server, values.all(TOKEN.name()).get(0), Rate.parse(values.one(RATE), "--rate"),
        AddressSet.of(values.all(SKIP.name()), List.of()));
  }

  private record Echo(Method method, OptionValues values, InetSocketAddress server, String token, Rate rate, AddressSet skip)
      implements Configured {
    @Override
    public AddressSet targets(AddressSet siteScope) {
      return siteScope.minus(skip);
    }

    @Override
    public List<Peer> peers() {
      return List.of(new Peer(server, "echo server", AddressSet.empty()));
    }

    @Override
    public ProbeSpec spec() {
      return new ProbeSpec("echo", "UDP", 7, Impact.INFRASTRUCTURE_ONLY, 1, 1, 0, 0, "one datagram per address to the echo server");
    }

    @Override
    public Budget budget() {
      return new Budget(rate, 16, 16);
    }

    @Override
    public Probe probe() {
      return new Probe() {
        @Override
        public ProbeSpec spec() {
          return Echo.this.spec();
        }

        @Override
        public boolean appliesTo(Target target) {
          return true;
        }

        @Override
        public Outcome probe(Target target, ProbeContext ctx) throws InterruptedException {
          try {
            Datagrams.Reply r = exchange(target.address(), ctx);
            return r == null ? new Outcome.NoAnswer("no echo") : new Outcome.Ok(List.of(new Fact("echoed", "yes", "echo")), "echoed");
          } catch (Blocked b) {
            return new Outcome.Blocked(b.getMessage());
          } catch (IOException e) {
            return new Outcome.ProtocolError(e.getMessage());
          }
        }
      };
    }

    private Datagrams.Reply exchange(InetAddress address, ProbeContext ctx) throws Blocked, InterruptedException, IOException {
      byte[] body = (token + "|" + Addresses.canonical(address)).getBytes(StandardCharsets.UTF_8);
      byte[][] sent = new byte[1][];
      return ctx.datagrams(DEMUX).exchange(server, key -> {
        byte[] b = new byte[body.length + 2];
        b[0] = (byte) (key >> 8);
        b[1] = (byte) key;
        System.arraycopy(body, 0, b, 2, body.length);
        sent[0] = b;
        return b;
      }, reply -> Arrays.equals(reply, sent[0]), Duration.ofSeconds(1));
    }

    @Override
    public List<TestReport> test(InetAddress target, ProbeContext context) throws InterruptedException {
      try {
        Datagrams.Reply r = exchange(target, context);
        return List.of(new TestReport(r != null, List.of(new TestReport.Field("server", server.toString()),
            new TestReport.Field("verdict", r == null ? "no echo" : "echoed"))));
      } catch (Blocked b) {
        return List.of(new TestReport(false, List.of(new TestReport.Field("verdict", "not sent: " + b.getMessage()))));
      } catch (IOException e) {
        return List.of(new TestReport(false, List.of(new TestReport.Field("verdict", e.getMessage()))));
      }
    }
  }

  /** The echo server's script: every datagram back as it came. */
  public static List<byte[]> echo(byte[] datagram) {
    return List.of(datagram);
  }
}
