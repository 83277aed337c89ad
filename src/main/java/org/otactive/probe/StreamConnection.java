package org.otactive.probe;

import java.io.IOException;
import java.time.Duration;
import org.otactive.safety.Blocked;

/**
 * A TCP connection opened through the run's gate. Every write passes the gate; a stop closes it,
 * and a blocked read then fails at once.
 */
public interface StreamConnection extends AutoCloseable {
  void write(byte[] bytes) throws Blocked, InterruptedException, IOException;

  /** Reads exactly {@code n} bytes, or fails on timeout or end of stream. */
  byte[] readFully(int n, Duration timeout) throws IOException;

  @Override
  void close();
}
