package org.otactive.probe;

import java.net.InetSocketAddress;
import java.util.Objects;

/** What a {@link Conversation} wants next. */
public sealed interface Step {
  /**
   * Send a request to {@code peer} and wait up to {@code timeoutNanos} for the reply.
   *
   * @param request the request's bytes for a demux key the run picks (random, free for the peer)
   */
  record Send(InetSocketAddress peer, Request request, long timeoutNanos) implements Step {
    public Send {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(request, "request");
      if (timeoutNanos <= 0) throw new IllegalArgumentException("timeout <= 0");
    }
  }

  /** The conversation is over with this outcome. */
  record Done(Outcome outcome) implements Step {
    public Done {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * Work that needs a thread of its own, such as a TCP exchange through {@link
   * ProbeContext#connect} (a DNS answer too big for UDP); the run gives it one and goes on with the
   * step it returns. Rare by design: the common path stays on datagrams.
   */
  record Blocking(Work work) implements Step {
    public Blocking {
      Objects.requireNonNull(work, "work");
    }
  }

  /** A request's bytes, made when the run knows the key it carries. */
  @FunctionalInterface
  interface Request {
    byte[] encode(int key);
  }

  /** What a {@link Blocking} step does on its thread. */
  @FunctionalInterface
  interface Work {
    Step run(ProbeContext context) throws InterruptedException;
  }
}
