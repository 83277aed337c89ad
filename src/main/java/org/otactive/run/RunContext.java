package org.otactive.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import org.otactive.probe.Datagrams;
import org.otactive.probe.Demux;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.Target;
import org.otactive.safety.Blocked;

/** The context a probe gets for one target: the run's network, bound to that target. */
final class RunContext implements ProbeContext {
  private final Target target;
  private final Network network;
  private final InstantSource clock;

  RunContext(Target target, Network network, InstantSource clock) {
    this.target = target;
    this.network = network;
    this.clock = clock;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public boolean stopRequested() {
    return network.gate().stopSwitch().isStopped();
  }

  @Override
  public Datagrams datagrams(Demux demux) throws IOException {
    MultiplexedUdp udp = network.udp(demux);
    return (peer, request, accepts, timeout) ->
        udp.exchange(target.address(), peer, request, accepts, timeout);
  }

  @Override
  public StreamConnection connect(InetSocketAddress peer, Duration timeout)
      throws Blocked, InterruptedException, IOException {
    return GatedStream.open(network.gate(), target.address(), peer, timeout);
  }
}
