package org.otactive.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code otactive serve}: the long-running service. For now it holds the store open and prints a
 * health line; the scheduler and the console plug in here later. It sends nothing.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the otactive service on its database (sends nothing by itself).")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--health-interval", paramLabel = "DURATION", defaultValue = "60s",
      converter = Converters.DurationConverter.class,
      description = "How often to print the health line (default ${DEFAULT-VALUE}).")
  Duration healthInterval;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try (Database db = Database.open(main.db)) {
      JdbcInventory inventory = new JdbcInventory(db);
      do {
        out.println(Clock.systemUTC().instant() + " otactive serve: health ok; database " + db.url()
            + "; " + inventory.count() + " devices; active monitoring off (no run started)");
        out.flush();
      } while (!stop.await(healthInterval.toMillis(), TimeUnit.MILLISECONDS));
      out.println(Clock.systemUTC().instant() + " otactive serve: stopping");
      out.flush();
    } finally {
      closed.countDown();
    }
    return 0;
  }
}
