package org.otactive.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Set;
import org.otactive.run.Tester;
import org.otactive.safety.Blocked;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;

/** A test action through a real run gate whose scope is one target (and the given peers). */
public final class GatedTest {
  private GatedTest() {}

  /** Runs {@code action} as a Test action on {@code target}; a refusal of the fresh gate is a test error. */
  public static <T> T run(InetAddress target, Set<InetSocketAddress> peers, Limits limits, Tester.Action<T> action)
      throws InterruptedException {
    Gate gate = new Gate(limits, target::equals, peers, Ticker.system(), new StopSwitch(), InstantSource.system(),
        SendWindow.ALWAYS);
    try {
      return Tester.test(gate, target, InstantSource.system(), action);
    } catch (Blocked b) {
      throw new IllegalStateException("a fresh test gate refused: " + b.getMessage(), b);
    }
  }
}
