package org.otactive.probe.rdns;

import org.otactive.common.Text;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
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
import org.otactive.probe.Probe;
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
 */
public final class ReverseDnsProbe implements Probe {
  public static final String ID = "rdns";

  private final RdnsSettings settings;
  private final Map<DnsServer, RttEstimator> rtt = new ConcurrentHashMap<>();

  public ReverseDnsProbe(RdnsSettings settings) {
    this.settings = settings;
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
    return rtt.computeIfAbsent(server, s -> RttEstimator.forLan());
  }

  @Override
  public Outcome probe(Target target, ProbeContext ctx) throws InterruptedException {
    List<DnsServer> servers = settings.serversFor(target.address());
    if (servers.isEmpty()) {
      return new Outcome.NotApplicable("no DNS server serves " + target.address().getHostAddress());
    }
    Name qname = PtrCodec.reverseName(target.address());
    List<String> failures = new ArrayList<>();
    Outcome last = null;
    for (DnsServer server : servers) {
      Outcome o = askServer(server, qname, ctx);
      if (o instanceof Outcome.Ok || o instanceof Outcome.Blocked) return o;
      failures.add(o.detail());
      last = o;
    }
    if (failures.size() == 1) return last;
    String all = String.join("; ", failures);
    return switch (last) {
      case Outcome.NoAnswer n -> new Outcome.NoAnswer(all);
      case Outcome.Refused r -> new Outcome.Refused(all);
      case Outcome.ProtocolError p -> new Outcome.ProtocolError(all);
      default -> new Outcome.Failed(all);
    };
  }

  private Outcome askServer(DnsServer server, Name qname, ProbeContext ctx) throws InterruptedException {
    String via = server.label();
    Name current = qname;
    List<Name> chain = new ArrayList<>();
    try {
      for (int query = 0; query <= PtrCodec.MAX_CHAIN; query++) {
        byte[] reply = exchangeUdp(server, current, ctx);
        if (reply == null) {
          return new Outcome.NoAnswer("no answer from " + via + " after " + settings.tries() + " tries");
        }
        PtrAnswer answer = PtrCodec.decode(reply, current);
        if (answer instanceof PtrAnswer.Truncated) {
          answer = PtrCodec.decode(exchangeTcp(server, current, ctx), current);
          via = server.label() + " over TCP";
        }
        switch (answer) {
          case PtrAnswer.Names n -> {
            chain.addAll(n.chain());
            return found(server, n.names(), chain, via);
          }
          case PtrAnswer.Alias a -> {
            chain.addAll(a.chain());
            if (chain.size() > PtrCodec.MAX_CHAIN) return new Outcome.ProtocolError("CNAME chain longer than " + PtrCodec.MAX_CHAIN + " from " + via);
            if (chain.subList(0, chain.size() - 1).contains(a.target()) || a.target().equals(qname)) {
              return new Outcome.ProtocolError("CNAME loop at " + HostNames.sanitize(a.target()) + " from " + via);
            }
            current = a.target();
          }
          case PtrAnswer.NoData d -> {
            return new Outcome.Ok(List.of(), "no PTR record (NODATA) from " + via + chainText(chain, d.chain()));
          }
          case PtrAnswer.NxDomain d -> {
            return new Outcome.Ok(List.of(), "no such name (NXDOMAIN) from " + via + chainText(chain, d.chain()));
          }
          case PtrAnswer.ServerError e when e.rcodeName().equals("REFUSED") -> {
            return new Outcome.Refused(via + " refused the query (REFUSED)");
          }
          case PtrAnswer.ServerError e -> {
            return new Outcome.Failed(via + " answered " + e.rcodeName()
                + (e.rcodeName().equals("SERVFAIL") ? " (server failure)" : ""));
          }
          case PtrAnswer.Malformed m -> {
            return new Outcome.ProtocolError("bad reply from " + via + ": " + m.reason());
          }
          case PtrAnswer.Truncated t -> {
            return new Outcome.ProtocolError(via + " truncated its reply over TCP too");
          }
        }
      }
      return new Outcome.ProtocolError("CNAME chain longer than " + PtrCodec.MAX_CHAIN + " from " + via);
    } catch (Blocked b) {
      return new Outcome.Blocked(b.getMessage());
    } catch (PortUnreachableException | ConnectException e) {
      return new Outcome.Refused(via + " refused the connection");
    } catch (SocketTimeoutException | EOFException e) {
      return new Outcome.NoAnswer("no complete answer from " + via + " over TCP");
    } catch (IOException e) {
      if (ctx.stopRequested()) return new Outcome.Blocked("stopped");
      return new Outcome.ProtocolError("network error with " + via + ": " + Text.safe(e.getMessage()));
    }
  }

  private static String chainText(List<Name> chain, List<Name> more) {
    List<Name> all = new ArrayList<>(chain);
    all.addAll(more);
    if (all.isEmpty()) return "";
    return " via CNAME " + all.stream().map(HostNames::sanitize).collect(Collectors.joining(" -> "));
  }

  private Outcome found(DnsServer server, List<Name> names, List<Name> chain, String via) {
    List<String> fqdns = names.stream().map(HostNames::sanitize).distinct().sorted().toList();
    String detail = "PTR from " + via + chainText(chain, List.of());
    return new Outcome.Ok(List.of(
        new Fact("fqdn", String.join(" ", fqdns), detail),
        new Fact("hostname", HostNames.leadingLabels(fqdns.get(0), server.labels()), detail)),
        detail);
  }

  /** One question over UDP with retransmissions; null when every try timed out. */
  private byte[] exchangeUdp(DnsServer server, Name qname, ProbeContext ctx)
      throws Blocked, InterruptedException, IOException {
    Datagrams udp = ctx.datagrams(PtrCodec.DEMUX);
    RttEstimator est = rtt(server);
    for (int attempt = 0; attempt < settings.tries(); attempt++) {
      Duration timeout = est.rto();
      Datagrams.Reply reply = udp.exchange(server.endpoint(),
          id -> PtrCodec.query(qname, id, true),
          bytes -> PtrCodec.answers(bytes, qname),
          timeout);
      if (reply != null) {
        if (attempt == 0) est.sample(reply.rttNanos());
        return reply.bytes();
      }
      if (ctx.stopRequested()) throw new Blocked(Blocked.Reason.STOPPED, "stopped");
      est.timedOut();
    }
    return null;
  }

  /** One question over TCP (RFC 7766 framing: a two-byte length before each message). */
  private byte[] exchangeTcp(DnsServer server, Name qname, ProbeContext ctx)
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
        case PtrAnswer.Names n -> "found " + n.names().stream().map(HostNames::sanitize).sorted().collect(Collectors.joining(", "))
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
