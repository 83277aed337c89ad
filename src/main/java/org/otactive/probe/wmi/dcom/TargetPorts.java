package org.otactive.probe.wmi.dcom;

import java.io.IOException;
import org.otactive.probe.StreamConnection;
import org.otactive.safety.Blocked;

/**
 * Opens TCP connections to one host, choosing only the port. DCOM replies name addresses (the
 * object exporter's string bindings); a client built on this cannot follow them anywhere but to
 * the host it was asked about, which keeps every connection inside a scan's scope.
 */
@FunctionalInterface
public interface TargetPorts {
  /** A connection to the target's own address on {@code port}, through the run's gate. */
  StreamConnection open(int port) throws Blocked, InterruptedException, IOException;
}
