package org.otactive.run;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.otactive.probe.Demux;
import org.otactive.safety.Gate;

/** The sockets of one run, all behind its gate; opened on first use, closed when the run ends. */
final class Network implements Closeable {
  private final Gate gate;
  private final Map<Demux, MultiplexedUdp> udp = new ConcurrentHashMap<>();

  Network(Gate gate) {
    this.gate = gate;
  }

  Gate gate() {
    return gate;
  }

  MultiplexedUdp udp(Demux demux) throws IOException {
    MultiplexedUdp u = udp.get(demux);
    if (u != null) return u;
    synchronized (this) {
      u = udp.get(demux);
      if (u == null) {
        u = new MultiplexedUdp(gate, demux);
        udp.put(demux, u);
      }
      return u;
    }
  }

  long unmatchedReplies() {
    return udp.values().stream().mapToLong(MultiplexedUdp::unmatched).sum();
  }

  @Override
  public void close() throws IOException {
    for (MultiplexedUdp u : udp.values()) u.close();
  }
}
