package org.otactive.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.InstantSource;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.Target;
import org.otactive.safety.Blocked;
import org.otactive.safety.DeviceSlot;
import org.otactive.safety.Gate;

/**
 * Runs a method's Test action: a run of one target through a gate like any run's (the caller
 * makes one whose scope is that target alone).
 */
public final class Tester {
  private Tester() {}

  /** What a test does with the context it is given. */
  @FunctionalInterface
  public interface Action<T> {
    T run(ProbeContext context) throws InterruptedException;
  }

  /**
   * Runs {@code action} with the device slot of {@code address} held.
   *
   * @throws Blocked when the gate refuses the device (stopped, out of scope): nothing was sent
   */
  public static <T> T test(Gate gate, InetAddress address, InstantSource clock, Action<T> action)
      throws Blocked, InterruptedException {
    try (Network network = new Network(gate); DeviceSlot slot = gate.holdDevice(address)) {
      return action.run(new RunContext(new Target(address), network, clock));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
