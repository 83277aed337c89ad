package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.otactive.common.BadInputException;
import org.otactive.safety.StopSwitch;
import org.otactive.store.Database;
import org.otactive.supervise.Services;

/**
 * How a command that sends (a one-off scan, a staging test, the network-access check) runs: inside
 * the running service when it was handed there, else on the database it opens itself, where it
 * takes stop commands on the database's socket as the service would (so {@code otactive stop} from
 * another terminal ends it at once) and Ctrl-C throws its stop switch; the JVM then waits until
 * what it learned is written and the database is closed.
 */
final class LocalSends {
  private LocalSends() {}

  /** The sending part of a command. */
  @FunctionalInterface
  interface Work {
    int run(Services services, StopSwitch stop) throws Exception;
  }

  static int run(Main main, PrintWriter stderr, Work work) throws Exception {
    if (main.services != null) return work.run(main.services, new StopSwitch());
    if (ControlClient.answers(main.db)) {
      throw new BadInputException("another otactive process holds " + Database.masked(main.db)
          + " (a running service or one-off scan); use a site and `otactive run start` while the service runs");
    }
    StopSwitch stop = new StopSwitch();
    CountDownLatch closed = new CountDownLatch(1);
    Thread onSignal = new Thread(() -> {
      stop.stop("interrupted (signal)");
      try {
        closed.await();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(onSignal);
    try (Database db = main.openDatabase(Database.LOCK_WAIT, () -> false)) {
      Services services = main.services(db);
      Optional<ControlSocket> socket = ControlClient.pathFor(main.db).flatMap(p -> {
        try {
          ControlSocket c = ControlSocket.listen(p);
          c.ready(services);
          return Optional.of(c);
        } catch (IOException e) {
          stderr.println("otactive: note: cannot take stop commands on " + p + ": " + e.getMessage());
          return Optional.empty();
        }
      });
      try {
        return work.run(services, stop);
      } finally {
        socket.ifPresent(ControlSocket::close);
      }
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running; it was waiting on the latch released above
      }
    }
  }
}
