package org.otactive.probe.rdns;

import org.otactive.common.Text;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.otactive.probe.Datagrams;
import org.otactive.probe.Fact;
import org.otactive.probe.Impact;
import org.otactive.probe.Outcome;
import org.otactive.probe.Conversation;
import org.otactive.probe.DatagramProbe;
import org.otactive.probe.Demux;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.Target;
import org.otactive.probe.TestReport;
import org.otactive.scope.Addresses;
import org.otactive.safety.Blocked;
import org.xbill.DNS.Name;

/**
 * Reverse DNS lookup: asks the servers that serve a target's address for its PTR names.
 *
 * <p>Per target and server: one UDP query with EDNS, retransmitted on a timeout that adapts to the
 * server's measured round trip; a truncated reply is asked again over TCP; CNAMEs (RFC 2317
 * classless delegation) are followed, within the reply or by a new query for the alias. Servers are
 * asked in order until one gives a definite answer (names, no data or NXDOMAIN); SERVFAIL, REFUSED,
 * silence and garbage move on to the next server. Nothing is ever sent to the target itself.
 *
 * <p>The lookup is a {@link PtrConversation}: a run drives many at once from one thread; the
 * blocking {@link #probe} and the Test action drive one through a {@link ProbeContext}.
 */
public final class ReverseDnsProbe implements DatagramProbe {
  public static final String ID = "rdns";

  private final RdnsSettings settings;
  /** What the probe keeps per server, for the configured servers in their order. */
  private final ServerState[] configured;
  /** The same for a server met otherwise (a Test of a server not saved yet). */
  private final Map<DnsServer, ServerState> others = new ConcurrentHashMap<>();
  /** "PTR from" and the way a server answered (its label, over UDP or TCP): a few per probe. */
  private final Map<String, String> details = new ConcurrentHashMap<>();

  public ReverseDnsProbe(RdnsSettings settings) {
    this.settings = settings;
    this.configured = settings.servers().stream().map(ServerState::of).toArray(ServerState[]::new);
  }

  /**
   * A server's round-trip estimator (shared by every target of this probe) and its label
   * ({@code 127.0.0.1:53}), made once per server rather than once per target.
   */
  record ServerState(DnsServer server, RttEstimator rtt, String label) {
    static ServerState of(DnsServer server) {
      return new ServerState(server, RttEstimator.forLan(), server.label());
    }
  }

  /**
   * The state of {@code server}. The configured servers are found by identity, the instances every
   * target's list holds: a record's hash walks its subnets, and this runs once per target.
   */
  ServerState state(DnsServer server) {
    for (ServerState s : configured) {
      if (s.server() == server) return s;
    }
    for (ServerState s : configured) {
      if (s.server().equals(server)) return s;
    }
    return others.computeIfAbsent(server, ServerState::of);
  }

  public RdnsSettings settings() {
    return settings;
  }

  @Override
  public ProbeSpec spec() {
    int servers = settings.servers().size();
    int worstPerServer = (settings.tries() + 1) * (PtrCodec.MAX_CHAIN + 1);
    return new ProbeSpec(ID, "DNS", DnsServer.DEFAULT_PORT, Impact.INFRASTRUCTURE_ONLY, 1,
        servers * worstPerServer, 0, servers * (PtrCodec.MAX_CHAIN + 1),
        "one PTR query per address over UDP to a DNS server that serves it (nothing to the device);"
            + " retransmitted on timeout, over TCP when truncated");
  }

  @Override
  public boolean appliesTo(Target target) {
    return !settings.serversFor(target.address()).isEmpty();
  }

  /** The estimator of a server's round trip (shared by every target of this probe). */
  public RttEstimator rtt(DnsServer server) {
    return state(server).rtt();
  }

  @Override
  public Demux demux() {
    return PtrCodec.DEMUX;
  }

  @Override
  public Conversation open(Target target) {
    return new PtrConversation(this, target.address(), settings.serversFor(target.address()));
  }

  static String chainText(List<Name> chain, List<Name> more) {
    List<Name> all = new ArrayList<>(chain);
    all.addAll(more);
    if (all.isEmpty()) return "";
    return " via CNAME " + all.stream().map(HostNames::sanitize).collect(Collectors.joining(" -> "));
  }

  /** @param names the PTR names, sanitised ({@link PtrAnswer.Names}) */
  Outcome found(DnsServer server, List<String> names, List<Name> chain, String via) {
    // Loops rather than streams, no set for the usual single name, and one detail text per server
    // shared by its targets: this runs once per named target of a scan.
    String first;
    String fqdns;
    if (names.size() == 1) {
      first = fqdns = names.get(0);
    } else {
      java.util.TreeSet<String> sorted = new java.util.TreeSet<>(names);
      first = sorted.first();
      fqdns = String.join(" ", sorted);
    }
    String detail = chain.isEmpty() ? details.computeIfAbsent(via, v -> "PTR from " + v)
        : "PTR from " + via + chainText(chain, List.of());
    return new Outcome.Ok(List.of(
        new Fact("fqdn", fqdns, detail),
        new Fact("hostname", HostNames.leadingLabels(first, server.labels()), detail)),
        detail);
  }

  /** The server's label ({@code 127.0.0.1:53}), made once per server rather than once per target. */
  String label(DnsServer server) {
    return state(server).label();
  }

  /** One question over TCP (RFC 7766 framing: a two-byte length before each message). */
  byte[] exchangeTcp(DnsServer server, Name qname, ProbeContext ctx)
      throws Blocked, InterruptedException, IOException {
    Duration timeout = rtt(server).rto().multipliedBy(4).plusSeconds(1);
    int id = ThreadLocalRandom.current().nextInt(1 << 16);
    byte[] query = PtrCodec.query(qname, id, false);
    try (StreamConnection c = ctx.connect(server.endpoint(), timeout)) {
      byte[] framed = new byte[query.length + 2];
      framed[0] = (byte) (query.length >> 8);
      framed[1] = (byte) query.length;
      System.arraycopy(query, 0, framed, 2, query.length);
      c.write(framed);
      byte[] len = c.readFully(2, timeout);
      int n = ((len[0] & 0xff) << 8) | (len[1] & 0xff);
      byte[] reply = c.readFully(n, timeout);
      if (PtrCodec.id(reply) != id) {
        return new byte[0]; // decodes as malformed: a TCP reply with another ID is not ours
      }
      return reply;
    }
  }

  /**
   * The Test dialog: one question about {@code target} to one server, with the raw answer, the
   * round trip and plain words for what happened. Sends one UDP query (and one TCP query if the
   * reply is truncated), no retransmission.
   */
  public TestReport test(DnsServer server, Duration timeout, ProbeContext ctx) throws InterruptedException {
    Name qname = PtrCodec.reverseName(ctx.target().address());
    String q = HostNames.sanitize(qname);
    String note = server.serves(ctx.target().address()) ? ""
        : "  (note: its subnets do not include " + Addresses.canonical(ctx.target().address()) + ")";
    try {
      Datagrams.Reply reply = ctx.datagrams(PtrCodec.DEMUX).exchange(server.endpoint(),
          id -> PtrCodec.query(qname, id, true), bytes -> PtrCodec.answers(bytes, qname), timeout);
      if (reply == null) {
        return report(server, note, q, "UDP", null, "", "no answer from " + server.label() + " within "
            + timeout.toMillis() + " ms: is a DNS server listening there, and does the network let the query through?", false);
      }
      byte[] bytes = reply.bytes();
      String transport = "UDP";
      PtrAnswer answer = PtrCodec.decode(bytes, qname);
      if (answer instanceof PtrAnswer.Truncated) {
        bytes = exchangeTcp(server, qname, ctx);
        transport = "UDP+TCP";
        answer = PtrCodec.decode(bytes, qname);
      }
      Duration rttTaken = Duration.ofNanos(reply.rttNanos());
      String raw = PtrCodec.presentation(bytes);
      String verdict = switch (answer) {
        case PtrAnswer.Names n -> "found " + n.names().stream().sorted().collect(Collectors.joining(", "))
            + chainText(List.of(), n.chain());
        case PtrAnswer.Alias a -> "the name is an alias (CNAME) for " + HostNames.sanitize(a.target())
            + "; a scan asks the server again for it";
        case PtrAnswer.NoData d -> "the server answered, but has no PTR record for this address";
        case PtrAnswer.NxDomain d -> "the server answered: no such name (NXDOMAIN). It works, but knows no name for this address";
        case PtrAnswer.ServerError e -> "the server answered with an error: " + e.rcodeName() + switch (e.rcodeName()) {
          case "REFUSED" -> " (it refuses to answer us: is this sensor allowed to query it?)";
          case "SERVFAIL" -> " (server failure: it could not get an answer for this zone)";
          default -> "";
        };
        case PtrAnswer.Malformed m -> "the reply is not a valid answer: " + m.reason();
        case PtrAnswer.Truncated t -> "the reply was truncated even over TCP";
      };
      boolean ok = answer instanceof PtrAnswer.Names || answer instanceof PtrAnswer.Alias
          || answer instanceof PtrAnswer.NoData || answer instanceof PtrAnswer.NxDomain;
      return report(server, note, q, transport, rttTaken, raw, verdict, ok);
    } catch (Blocked b) {
      return report(server, note, q, "UDP", null, "", "not sent: " + b.getMessage(), false);
    } catch (IOException e) {
      return report(server, note, q, "UDP", null, "", "network error: " + Text.safe(e.getMessage()), false);
    }
  }

  /**
   * The network-access check: one UDP query about the context's target to one server, no
   * retransmission. Any well-formed answer proves the path ({@link Outcome.Ok}, or {@link
   * Outcome.Refused} / {@link Outcome.Failed} when the server answers with REFUSED or another
   * error); silence is {@link Outcome.NoAnswer}.
   */
  public Outcome reach(DnsServer server, Duration timeout, ProbeContext ctx) throws InterruptedException {
    Name qname = PtrCodec.reverseName(ctx.target().address());
    try {
      Datagrams.Reply reply = ctx.datagrams(PtrCodec.DEMUX).exchange(server.endpoint(),
          id -> PtrCodec.query(qname, id, true), bytes -> PtrCodec.answers(bytes, qname), timeout);
      if (reply == null) return new Outcome.NoAnswer("no answer from " + server.label() + " within " + timeout.toMillis() + " ms");
      String rtt = String.format("%.1f ms", reply.rttNanos() / 1e6);
      return switch (PtrCodec.decode(reply.bytes(), qname)) {
        case PtrAnswer.ServerError e when e.rcodeName().equals("REFUSED") ->
            new Outcome.Refused(server.label() + " answers in " + rtt + " but refuses our queries (REFUSED): its own access list");
        case PtrAnswer.ServerError e -> new Outcome.Failed(server.label() + " answers in " + rtt + " with " + e.rcodeName());
        case PtrAnswer.Malformed m -> new Outcome.ProtocolError(server.label() + " answers in " + rtt + " with a bad reply: " + m.reason());
        default -> new Outcome.Ok(List.of(), server.label() + " answers in " + rtt);
      };
    } catch (Blocked b) {
      return new Outcome.Blocked(b.getMessage());
    } catch (IOException e) {
      return new Outcome.ProtocolError("network error with " + server.label() + ": " + Text.safe(e.getMessage()));
    }
  }

  private static TestReport report(DnsServer server, String note, String question, String transport, Duration rtt,
      String raw, String verdict, boolean ok) {
    List<TestReport.Field> fields = new ArrayList<>(List.of(
        new TestReport.Field("server", server.label() + note),
        new TestReport.Field("question", question + " PTR IN (" + transport + ")"),
        new TestReport.Field("rtt", rtt == null ? "-" : String.format("%.2f ms", rtt.toNanos() / 1e6)),
        new TestReport.Field("verdict", verdict)));
    if (!raw.isEmpty()) fields.add(new TestReport.Field("answer", raw));
    return new TestReport(ok, fields);
  }
}
