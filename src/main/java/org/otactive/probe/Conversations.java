package org.otactive.probe;

import java.io.IOException;
import java.time.Duration;
import org.otactive.common.Text;
import org.otactive.safety.Blocked;

/** Runs a {@link Conversation} on the calling thread, through a {@link ProbeContext}. */
public final class Conversations {
  private Conversations() {}

  /**
   * Drives {@code conversation} to its outcome: each request goes through the context's
   * {@link Datagrams} (and so through the gate), each blocking step runs here.
   */
  public static Outcome drive(Conversation conversation, Demux demux, ProbeContext context) throws InterruptedException {
    try {
      Step step = conversation.start();
      Datagrams udp = null;
      while (true) {
        switch (step) {
          case Step.Done d -> {
            return d.outcome();
          }
          case Step.Blocking b -> step = b.work().run(context);
          case Step.Send s -> {
            if (udp == null) udp = context.datagrams(demux);
            Datagrams.Reply reply = udp.exchange(s.peer(), key -> s.request().encode(key),
                bytes -> conversation.accepts(bytes, bytes.length), Duration.ofNanos(s.timeoutNanos()));
            if (reply == null && context.stopRequested()) return new Outcome.Blocked("stopped");
            step = reply == null ? conversation.timedOut() : conversation.replied(reply.bytes(), reply.rttNanos());
          }
        }
      }
    } catch (Blocked b) {
      return new Outcome.Blocked(b.getMessage());
    } catch (IOException e) {
      if (context.stopRequested()) return new Outcome.Blocked("stopped");
      return new Outcome.ProtocolError("network error: " + Text.safe(e.getMessage()));
    }
  }
}
