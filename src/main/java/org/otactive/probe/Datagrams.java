package org.otactive.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.otactive.safety.Blocked;

/**
 * Request/reply over UDP through the run's gate, on a socket shared by all targets of the run.
 */
public interface Datagrams {
  /** A reply and the time it took. */
  record Reply(byte[] bytes, long rttNanos) {}

  /**
   * Sends one request and waits for its reply.
   *
   * @param requestForKey builds the request carrying the given demux key
   * @param accepts whether a datagram from the peer with the right key really answers the request
   *     (right question); rejected ones are dropped and the wait goes on
   * @return the reply, or null when none came within {@code timeout}
   * @throws Blocked when the gate refused: nothing was sent
   */
  Reply exchange(
      InetSocketAddress peer,
      IntFunction<byte[]> requestForKey,
      Predicate<byte[]> accepts,
      Duration timeout)
      throws Blocked, InterruptedException, IOException;
}
