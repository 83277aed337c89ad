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
import org.otactive.store.Database;
import java.nio.file.Path;
import java.util.Map;
import org.otactive.supervise.Services;
import org.otactive.web.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code otactive serve}: the long-running service. It executes supervised runs and schedules (on
 * db-scheduler, in its database), serves the console and REST API, and takes commands from the
 * command line on a local socket. It sends nothing until an admin switches active monitoring on and
 * a run is started or due.
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

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address the console and REST API listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "Port of the console and REST API (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--tls", description = "Serve HTTPS: with --cert and --key, else a self-signed certificate made on"
      + " first start (kept beside the database).")
  boolean tls;

  @Option(names = "--cert", paramLabel = "FILE", description = "The console's certificate chain (PEM), with --tls.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "The console's private key (PEM, unencrypted), with --tls.")
  Path key;

  @Option(names = "--socket-group", paramLabel = "GROUP", description = "Open the command socket to this group's"
      + " members too; each acts as the otactive user mapped to their OS account (user add NAME --os-user LOGIN).")
  String socketGroup;

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
    Clock clock = Clock.systemUTC();
    Optional<ControlSocket> socket = Optional.empty();
    try {
      // The socket first: a command typed while the service starts waits for it here, rather than
      // opening the database file under it.
      Optional<Path> path = ControlClient.pathFor(main.db);
      if (path.isPresent()) socket = Optional.of(ControlSocket.listen(path.get(), socketGroup));
      Database opened;
      try {
        opened = Database.openValidated(main.db);
      } catch (RuntimeException e) {
        socket.ifPresent(s -> s.failed(e));
        throw e;
      }
      try (Database db = opened) {
        Services services = main.services(db);
        SwitchLog switches = new SwitchLog(out);
        services.legs().observe(switches::thrown);
        Console console = null;
        try {
          services.startExecuting(instance != null ? instance : hostName());
          Path certDir = Database.h2File(main.db).map(f -> f.toAbsolutePath().getParent()).orElse(main.cwd.resolve("data"));
          console = Console.start(services, new Console.Options(bind, port, tls, resolve(cert), resolve(key), certDir));
          out.println(clock.instant() + " otactive serve: console on " + console.url()
              + (console.certificateNote() == null ? "" : " (" + console.certificateNote() + ")"));
          services.accounts().bootstrapAdmin().ifPresent(first -> out.println(clock.instant()
              + " otactive serve: no admin yet: sign in to the console as " + first[0] + " with the one-time password "
              + first[1] + " (shown once; it must be changed at the first sign-in)"));
          // The first command sent here would pay for loading picocli and the command classes;
          // a stop must not, so load them now.
          Main.runInside(new String[] {"--help"}, "warm-up", main.cwd, Map.of(), services,
              new PrintWriter(java.io.Writer.nullWriter()), new PrintWriter(java.io.Writer.nullWriter()));
          socket.ifPresent(s -> s.ready(services, line -> {
            out.println(clock.instant() + " otactive serve: " + line);
            out.flush();
          }));
          do {
            services.markDeadOneOffRuns();
            boolean on = services.supervisor().monitoringOn();
            int active = services.supervisor().runs().runs(EnumSet.of(RunState.RUNNING), Integer.MAX_VALUE).size();
            out.println(clock.instant() + " otactive serve: health ok; database " + db.maskedUrl()
                + "; " + services.inventory().count() + " devices; active monitoring " + (on ? "on" : "off")
                + "; " + active + " run(s) sending" + path.map(p -> "; commands on " + p).orElse(""));
            out.flush();
            services.accounts().closeIdleSessions();
          } while (!stop.await(healthInterval.toMillis(), TimeUnit.MILLISECONDS));
          out.println(clock.instant() + " otactive serve: stopping");
          out.flush();
        } catch (InterruptedException e) {
          // In-process (tests): an interrupt ends the service like SIGTERM.
          out.println(clock.instant() + " otactive serve: stopping");
          out.flush();
        } finally {
          if (console != null) console.close();
          services.close();
          switches.close();
        }
      }
    } finally {
      socket.ifPresent(ControlSocket::close);
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs; it waits for the latch released above
      }
    }
    return 0;
  }

  private Path resolve(Path p) {
    return p == null ? null : main.cwd.resolve(p);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.io.IOException e) {
      return "otactive-" + ProcessHandle.current().pid();
    }
  }
}
