package org.otactive.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import org.otactive.safety.Blocked;

/**
 * What a run hands a probe for one target: the only way to the network. Every packet sent through
 * it passes the run's gate (scope, deadline, budgets, the device's slot, stop).
 */
public interface ProbeContext {
  Target target();

  InstantSource clock();

  /** True once the run has been stopped; a probe should then return promptly. */
  boolean stopRequested();

  /** The run's shared UDP request/reply service for replies keyed by {@code demux}. */
  Datagrams datagrams(Demux demux) throws IOException;

  /** Opens a TCP connection (the connect is the first packet through the gate). */
  StreamConnection connect(InetSocketAddress peer, Duration timeout)
      throws Blocked, InterruptedException, IOException;
}
