package org.otactive.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.otactive.run.RunState;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code otactive serve}: the long-running service. It executes supervised runs and schedules (on
 * db-scheduler, in its database) and takes commands from the command line on a local socket. It
 * sends nothing until an admin switches active monitoring on and a run is started or due.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the otactive service: executes scheduled and started runs (sends nothing until active"
        + " monitoring is on and a run starts).")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--health-interval", paramLabel = "DURATION", defaultValue = "60s",
      converter = Converters.DurationConverter.class,
      description = "How often to print the health line (default ${DEFAULT-VALUE}).")
  Duration healthInterval;

  @Option(names = "--instance", paramLabel = "NAME", description = "This instance's name for the scheduler (default: host name).")
  String instance;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try (Database db = Database.open(main.db)) {
      JdbcInventory inventory = new JdbcInventory(db);
      Services services = new Services(db, Clock.systemUTC(), Ticker.system());
      Optional<ControlSocket> socket = Optional.empty();
      try {
        services.startExecuting(instance != null ? instance : hostName());
        // The first command sent here would pay for loading picocli and the command classes;
        // a stop must not, so load them now.
        Main.runInside(new String[] {"--help"}, "warm-up", main.cwd, services,
            new PrintWriter(java.io.Writer.nullWriter()), new PrintWriter(java.io.Writer.nullWriter()));
        if (ControlSocket.pathFor(main.db).isPresent()) {
          socket = Optional.of(ControlSocket.listen(ControlSocket.pathFor(main.db).get(), services));
        }
        do {
          boolean on = services.supervisor().monitoringOn();
          int active = services.supervisor().runs().runs(EnumSet.of(RunState.RUNNING), Integer.MAX_VALUE).size();
          out.println(Clock.systemUTC().instant() + " otactive serve: health ok; database " + db.url()
              + "; " + inventory.count() + " devices; active monitoring " + (on ? "on" : "off")
              + "; " + active + " run(s) sending" + socket.map(s -> "; commands on " + ControlSocket.pathFor(main.db).get()).orElse(""));
          out.flush();
        } while (!stop.await(healthInterval.toMillis(), TimeUnit.MILLISECONDS));
        out.println(Clock.systemUTC().instant() + " otactive serve: stopping");
        out.flush();
      } finally {
        socket.ifPresent(ControlSocket::close);
        services.close();
      }
    } finally {
      closed.countDown();
    }
    return 0;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.io.IOException e) {
      return "otactive-" + ProcessHandle.current().pid();
    }
  }
}
