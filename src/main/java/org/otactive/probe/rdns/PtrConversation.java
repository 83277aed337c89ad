package org.otactive.probe.rdns;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.otactive.common.Text;
import org.otactive.probe.Conversation;
import org.otactive.probe.Outcome;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.Step;
import org.otactive.safety.Blocked;
import org.xbill.DNS.Name;

/**
 * One target's reverse lookup as a state machine: the servers that serve its address in order,
 * for each one UDP query retransmitted on an adaptive timeout, a TCP retry when the reply is
 * truncated (a blocking step), CNAMEs followed by new queries. Not thread-safe (one thread at a
 * time drives it).
 */
final class PtrConversation implements Conversation {
  private final ReverseDnsProbe probe;
  private final List<DnsServer> servers;
  private final InetAddress target;
  /** The target's own name, made only when a reply needs it (a CNAME, a reply dnsjava decodes). */
  private Name qname;
  /** The target's own query with ID 0, written from its address. */
  private byte[] targetQuery;

  private int serverIndex = -1;
  private DnsServer server;
  private ReverseDnsProbe.ServerState state;
  private String via;
  /** The query asked now (the target's name, or the end of a CNAME chain), with ID 0. */
  private byte[] query;
  private List<Name> chain;
  private int queries;
  private int attempt;
  private List<String> failures;
  private Outcome last;

  PtrConversation(ReverseDnsProbe probe, InetAddress target, List<DnsServer> servers) {
    this.probe = probe;
    this.servers = servers;
    this.target = target;
  }

  private Name qname() {
    if (qname == null) qname = PtrCodec.reverseName(target);
    return qname;
  }

  @Override
  public Step start() {
    if (servers.isEmpty()) return new Step.Done(new Outcome.NotApplicable("no DNS server serves " + target.getHostAddress()));
    return nextServer();
  }

  private Step nextServer() {
    serverIndex++;
    server = servers.get(serverIndex);
    state = probe.state(server);
    via = state.label();
    chain = new ArrayList<>(0);
    queries = 0;
    if (targetQuery == null) targetQuery = PtrCodec.reverseQuery(target, true);
    return ask(targetQuery);
  }

  /** A new question (the target's name or an alias): its first try. */
  private Step ask(byte[] question) {
    query = question;
    attempt = 0;
    return send();
  }

  private Step send() {
    return new Step.Send(server.endpoint(), new Question(query), state.rtt().rtoNanos());
  }

  /**
   * The query with the run's key as its ID. A class, not a lambda: one is made per query, and a
   * captured lambda costs several times a plain allocation in first-tier compiled code.
   */
  private static final class Question implements Step.Request {
    private final byte[] query;

    Question(byte[] query) {
      this.query = query;
    }

    @Override
    public byte[] encode(int key) {
      return PtrCodec.withId(query, key);
    }
  }

  @Override
  public boolean accepts(byte[] datagram, int length) {
    return PtrCodec.answers(datagram, length, query);
  }

  @Override
  public Step replied(byte[] reply, long rttNanos) {
    if (attempt == 0) state.rtt().sample(rttNanos); // Karn: only replies to a first send are timed
    PtrAnswer answer = PtrCodec.decode(reply, query);
    if (answer instanceof PtrAnswer.Truncated) return new Step.Blocking(this::overTcp);
    return answered(answer);
  }

  @Override
  public Step timedOut() {
    state.rtt().timedOut();
    if (++attempt < probe.settings().tries()) return send();
    return serverDone(new Outcome.NoAnswer("no answer from " + via + " after " + probe.settings().tries() + " tries"));
  }

  /** The question again over TCP, on a thread of its own: the reply did not fit in UDP. */
  private Step overTcp(ProbeContext context) throws InterruptedException {
    try {
      Name current = PtrCodec.questionName(query);
      PtrAnswer answer = PtrCodec.decode(probe.exchangeTcp(server, current, context), current);
      via = state.label() + " over TCP";
      return answered(answer);
    } catch (Blocked b) {
      return new Step.Done(new Outcome.Blocked(b.getMessage()));
    } catch (PortUnreachableException | ConnectException e) {
      return serverDone(new Outcome.Refused(via + " refused the connection"));
    } catch (SocketTimeoutException | EOFException e) {
      return serverDone(new Outcome.NoAnswer("no complete answer from " + via + " over TCP"));
    } catch (IOException e) {
      if (context.stopRequested()) return new Step.Done(new Outcome.Blocked("stopped"));
      return serverDone(new Outcome.ProtocolError("network error with " + via + ": " + Text.safe(e.getMessage())));
    }
  }

  private Step answered(PtrAnswer answer) {
    return switch (answer) {
      case PtrAnswer.Names n -> {
        if (!n.chain().isEmpty()) chain.addAll(n.chain()); // mostly none: addAll copies even an empty list
        yield serverDone(probe.found(server, n.names(), chain, via));
      }
      case PtrAnswer.Alias a -> {
        chain.addAll(a.chain());
        if (chain.size() > PtrCodec.MAX_CHAIN) {
          yield serverDone(new Outcome.ProtocolError("CNAME chain longer than " + PtrCodec.MAX_CHAIN + " from " + via));
        }
        if (chain.subList(0, chain.size() - 1).contains(a.target()) || a.target().equals(qname())) {
          yield serverDone(new Outcome.ProtocolError("CNAME loop at " + HostNames.sanitize(a.target()) + " from " + via));
        }
        if (++queries > PtrCodec.MAX_CHAIN) {
          yield serverDone(new Outcome.ProtocolError("CNAME chain longer than " + PtrCodec.MAX_CHAIN + " from " + via));
        }
        yield ask(PtrCodec.query(a.target(), 0, true));
      }
      case PtrAnswer.NoData d ->
          serverDone(new Outcome.Ok(List.of(), "no PTR record (NODATA) from " + via + ReverseDnsProbe.chainText(chain, d.chain())));
      case PtrAnswer.NxDomain d ->
          serverDone(new Outcome.Ok(List.of(), "no such name (NXDOMAIN) from " + via + ReverseDnsProbe.chainText(chain, d.chain())));
      case PtrAnswer.ServerError e when e.rcodeName().equals("REFUSED") ->
          serverDone(new Outcome.Refused(via + " refused the query (REFUSED)"));
      case PtrAnswer.ServerError e -> serverDone(new Outcome.Failed(via + " answered " + e.rcodeName()
          + (e.rcodeName().equals("SERVFAIL") ? " (server failure)" : "")));
      case PtrAnswer.Malformed m -> serverDone(new Outcome.ProtocolError("bad reply from " + via + ": " + m.reason()));
      case PtrAnswer.Truncated t -> serverDone(new Outcome.ProtocolError(via + " truncated its reply over TCP too"));
    };
  }

  /**
   * One server's verdict: a definite answer ends the conversation; SERVFAIL, REFUSED, silence and
   * garbage move on to the next server, and when none is left the failures are told together.
   */
  private Step serverDone(Outcome o) {
    if (o instanceof Outcome.Ok || o instanceof Outcome.Blocked) return new Step.Done(o);
    if (failures == null) failures = new ArrayList<>(servers.size());
    failures.add(o.detail());
    last = o;
    if (serverIndex + 1 < servers.size()) return nextServer();
    if (failures.size() == 1) return new Step.Done(last);
    String all = String.join("; ", failures);
    return new Step.Done(switch (last) {
      case Outcome.NoAnswer n -> new Outcome.NoAnswer(all);
      case Outcome.Refused r -> new Outcome.Refused(all);
      case Outcome.ProtocolError p -> new Outcome.ProtocolError(all);
      default -> new Outcome.Failed(all);
    });
  }
}
