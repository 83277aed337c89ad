package org.otactive.probe.wmi;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.otactive.probe.StreamConnection;
import org.otactive.safety.Blocked;

/**
 * A connection whose every read ends by the host's deadline: a read's timeout is cut to what is
 * left, and nothing is written or read once it has passed.
 */
final class DeadlineStream implements StreamConnection {
  private final StreamConnection inner;
  private final HostDeadline deadline;

  DeadlineStream(StreamConnection inner, HostDeadline deadline) {
    this.inner = inner;
    this.deadline = deadline;
  }

  @Override
  public void write(byte[] bytes) throws Blocked, InterruptedException, IOException {
    deadline.check();
    inner.write(bytes);
  }

  @Override
  public byte[] readFully(int n, Duration timeout) throws IOException {
    Duration left = deadline.check();
    return inner.readFully(n, timeout.compareTo(left) < 0 ? timeout : left);
  }

  @Override
  public void close() {
    inner.close();
  }

  /** The end of one host's conversation, read on an injected clock. */
  record HostDeadline(InstantSource clock, Instant end, Duration length) {
    static HostDeadline start(InstantSource clock, Duration length) {
      return new HostDeadline(clock, clock.instant().plus(length), length);
    }

    /** What is left; throws once nothing is. */
    Duration check() throws SocketTimeoutException {
      Duration left = Duration.between(clock.instant(), end);
      if (left.isNegative() || left.isZero()) throw new Passed(length);
      return left;
    }

    boolean passed() {
      return !clock.instant().isBefore(end);
    }
  }

  /** The per-host deadline has passed. */
  static final class Passed extends SocketTimeoutException {
    Passed(Duration length) {
      super("the per-host deadline of " + length.toMillis() / 1000.0 + " s has passed");
    }
  }
}
