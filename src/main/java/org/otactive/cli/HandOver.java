package org.otactive.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point {@code ./otactive} uses for a command that a running service takes (its socket
 * is there): it hands the command over and prints the answer, and runs it here through {@link Main}
 * only when nobody took it (the service just ended).
 *
 * <p>Why a second entry point: it ships in a jar of its own that holds only the hand-over classes
 * and comes first on the class path, so the JVM never opens the full jar (over 20,000 entries, tens
 * of milliseconds to index) on the way of an emergency {@code otactive stop}. {@link Main} and
 * everything it needs are found in the full jar, later on the class path, when they are needed.
 *
 * <p>It knows no method: {@code ./otactive} picks it for a method's command only when that command
 * is in the list {@link ForwardedCommands} wrote from the registry, so whatever command word it is
 * given is one the service takes.
 */
public final class HandOver {
  private HandOver() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    Optional<Integer> code = handOver(args, out, err, System.getenv());
    if (code.isPresent()) {
      out.flush();
      err.flush();
      System.exit(code.get());
    }
    Main.main(args);
  }

  /** The command's exit code when the running service took it; empty when nobody did. */
  static Optional<Integer> handOver(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return ControlClient.forward(args, out, err, env, methodCommand -> true);
  }
}
