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
      return Tester.test(target, Set.of(), Limits.defaults(), ctx -> {
        try {
          return action.run(ctx);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          throw new Carrier(e);
        }
      });
    } catch (Carrier c) {
      throw (Exception) c.getCause();
    }
  }
}
