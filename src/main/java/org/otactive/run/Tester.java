package org.otactive.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Set;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.Target;
import org.otactive.safety.Blocked;
import org.otactive.safety.DeviceSlot;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;

/**
 * Runs a method's Test action: a run of one target whose scope is that target alone, through a
 * gate like any run's.
 */
public final class Tester {
  private Tester() {}

  /** What a test does with the context it is given. */
  @FunctionalInterface
  public interface Action<T> {
    T run(ProbeContext context) throws InterruptedException;
  }

  public static <T> T test(InetAddress address, Set<InetSocketAddress> servers, Limits limits, Action<T> action)
      throws InterruptedException {
    Gate gate = new Gate(limits, address::equals, servers, Ticker.system(), new StopSwitch());
    try (Network network = new Network(gate); DeviceSlot slot = gate.holdDevice(address)) {
      return action.run(new RunContext(new Target(address), network, Clock.systemUTC()));
    } catch (Blocked b) {
      throw new IllegalStateException("a fresh test gate refused: " + b.getMessage(), b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
