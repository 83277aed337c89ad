package org.otactive.probe.wmi.rpc;

import java.net.InetAddress;
import java.util.Set;
import org.otactive.probe.ProbeContext;
import org.otactive.run.Tester;
import org.otactive.safety.Limits;

/** Runs test code through a real run gate for one loopback target, as a probe would run. */
final class Gated {
  private Gated() {}

  interface Action<T> {
    T run(ProbeContext ctx) throws Exception;
  }

  private static final class Carrier extends RuntimeException {
    Carrier(Exception e) {
      super(e);
    }
  }

  static <T> T run(InetAddress target, Action<T> action) throws Exception {
    try {
      org.otactive.safety.Gate gate = new org.otactive.safety.Gate(Limits.defaults(), target::equals, Set.of(),
          org.otactive.safety.Ticker.system(), new org.otactive.safety.StopSwitch(), java.time.InstantSource.system(),
          org.otactive.safety.SendWindow.ALWAYS);
      return Tester.test(gate, target, java.time.InstantSource.system(), ctx -> {
        try {
          return action.run(ctx);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          throw new Carrier(e);
        }
      });
    } catch (org.otactive.safety.Blocked b) {
      throw new IllegalStateException(b);
    } catch (Carrier c) {
      throw (Exception) c.getCause();
    }
  }
}
