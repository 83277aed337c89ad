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
 * A one-off command's hold on the database while it sends (a one-off run, a Test action, a query):
 * it opens the database itself, takes {@code otactive stop} from other terminals on the database's
 * socket as a service would, and turns Ctrl-C (or SIGTERM) into its stop switch, the JVM waiting
 * until the results are written and the database is closed.
 */
final class OneOffHold {
  /** What runs while the database is held. */
  interface Work {
    int run(Services services, StopSwitch stop) throws Exception;
  }

  private OneOffHold() {}

  /**
   * Runs {@code work} holding the database of {@code main}.
   *
   * @param whenHeld what to tell the user when another process (a service) holds the database
   */
  static int run(Main main, PrintWriter stderr, String whenHeld, Work work) throws Exception {
    if (ControlSocket.answers(main.db)) {
      throw new BadInputException("another otactive process holds " + Database.masked(main.db)
          + " (a running service or one-off scan); " + whenHeld);
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
    try (Database db = Database.open(main.db)) {
      Services services = main.services(db);
      // While this command holds the embedded database, `otactive stop` from another terminal is
      // handed here over the database's socket, as it would be to `otactive serve`.
      Optional<ControlSocket> socket = ControlSocket.pathFor(main.db).flatMap(p -> {
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
