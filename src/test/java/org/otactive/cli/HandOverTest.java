package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.methods.BuiltInMethods;
import org.otactive.probe.Method;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.supervise.Services;
import org.otactive.testing.Cli;

/**
 * {@link HandOver}, the entry point of a command a running service takes: {@code ./otactive} picks
 * it for the service's own commands (the same words as the Java side) and for the methods' commands
 * the registry lists ({@link ForwardedCommands}), nothing else; it hands them over, and leaves to
 * the full command line what nobody takes.
 */
class HandOverTest {
  @TempDir Path dir;

  @Test
  void theScriptKnowsTheServicesOwnCommandsAsTheJavaSideDoes() throws Exception {
    String words = Files.readString(Path.of("scripts/command-words"));
    Matcher list = Pattern.compile("(?m)^\\s+(user\\|site\\|[a-z|]+)\\) return 0 ;;$").matcher(words);
    assertThat(list.find()).as("the script's list of the service's own commands").isTrue();
    assertThat(Set.of(list.group(1).split("\\|"))).isEqualTo(ControlClient.FORWARDED);
  }

  @Test
  void theMethodsCommandsComeFromTheRegistryAndOnlyThoseAreHandedOver() throws Exception {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream was = System.out;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      ForwardedCommands.main(new String[0]);
    } finally {
      System.setOut(was);
    }
    Set<String> pairs = Main.forwardedPairs(BuiltInMethods.registry());
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(
        pairs.stream().sorted().toList());
    Path file = dir.resolve("forwarded-commands.txt");
    Files.writeString(file, printed.toString(java.nio.charset.StandardCharsets.UTF_8));
    for (String pair : pairs) {
      String[] words = pair.split(" ");
      assertThat(takenByService(file, words[0], words[1], "--site", "x")).as(pair).isTrue();
    }
    assertThat(takenByService(file, "--db", "jdbc:h2:file:/x", "site", "list")).isTrue();
    assertThat(takenByService(file, "stop", "--all", "--reason", "r")).isTrue();
    // A one-off scan holds the database itself; serve, help and a version are no commands to hand over.
    for (Method m : BuiltInMethods.registry().all()) assertThat(takenByService(file, m.id(), "192.0.2.1")).isFalse();
    assertThat(takenByService(file, "serve")).isFalse();
    assertThat(takenByService(file, "--help")).isFalse();
    assertThat(takenByService(file, "--version")).isFalse();
    // Without the list, no method's command is handed over (the full command line forwards it).
    String first = pairs.iterator().next();
    assertThat(takenByService(dir.resolve("missing.txt"), first.split(" ")[0], first.split(" ")[1])).isFalse();
  }

  @Test
  void everyCommandButTheServiceAndTheCrunchersGetsTheFirstCompilerTierOnly() throws Exception {
    Path file = dir.resolve("forwarded-commands.txt");
    Files.write(file, Main.forwardedPairs(BuiltInMethods.registry()).stream().sorted().toList());
    for (Method m : BuiltInMethods.registry().all()) {
      if (m.queryCommand().isPresent()) {
        String q = m.queryCommand().get().name();
        assertThat(script("first_tier_only", file, q, "query", "192.0.2.1", "SELECT x")).as(q + " query").isTrue();
      }
      assertThat(script("first_tier_only", file, m.id(), "results", "--site", "x")).as(m.id() + " results").isTrue();
      assertThat(script("first_tier_only", file, m.id(), "scan", "--site", "x")).as(m.id() + " scan").isTrue();
      assertThat(script("first_tier_only", file, m.id(), "192.0.2.0/24")).as(m.id() + " one-off").isTrue();
    }
    assertThat(script("first_tier_only", file, "--db", "jdbc:h2:file:/x", "site", "list")).isTrue();
    assertThat(script("first_tier_only", file, "run", "status")).isTrue();
    for (String crunching : new String[] {"passive", "coverage", "plan"}) {
      assertThat(script("first_tier_only", file, crunching, "import", "x")).as(crunching).isFalse();
    }
    assertThat(script("first_tier_only", file, "--db", "jdbc:h2:file:/x", "serve")).isFalse();
    assertThat(script("first_tier_only", file, "--version")).isFalse();
  }

  /** Runs scripts/command-words as ./otactive does: whether the service takes these arguments. */
  private static boolean takenByService(Path file, String... args) throws Exception {
    return script("taken_by_service", file, args);
  }

  /** Runs one question of scripts/command-words ({@code taken_by_service}, {@code first_tier_only}) on these arguments. */
  private static boolean script(String question, Path file, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("bash", "-c",
        "source scripts/command-words; read_command \"${@:2}\"; " + question + " \"$1\"", "bash", file.toString()));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int code = p.waitFor();
    assertThat(code).as(out).isIn(0, 1);
    return code == 0;
  }

  @Test
  void aCommandGoesToTheServiceAndWhatNobodyTakesStaysHere() throws Exception {
    String db = "jdbc:h2:file:" + dir.resolve("db");
    Cli.ok(Cli.on(db, "user", "add", Cli.ME, "--role", "admin", "--reason", "set-up"));
    Cli.ok(Cli.on(db, "site", "add", "plant", "--zone", "UTC", "--ranges", "192.0.2.0/30", "--reason", "set-up"));
    assertThat(handOver("--db", db, "site", "list").code()).as("nobody listens yet").isEmpty();
    try (Database database = Database.open(db);
        ControlSocket socket = ControlSocket.listen(ControlClient.pathFor(db).orElseThrow())) {
      socket.ready(new Services(database, BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system()));
      Answer list = handOver("--db", db, "site", "list");
      assertThat(list.code()).contains(0);
      assertThat(list.out()).contains("plant").contains("192.0.2.0-192.0.2.3");
      // A method's command the service runs: it answers (here: a site it does not know).
      Answer ranges = handOver("--db", db, "wem", "ranges", "list", "--site", "nowhere");
      assertThat(ranges.code()).contains(Main.EXIT_BAD_INPUT);
      assertThat(ranges.err()).contains("nowhere");
      // Help is read here, from the full command line.
      assertThat(handOver("--db", db, "site", "list", "--help").code()).isEmpty();
    }
  }

  private record Answer(Optional<Integer> code, String out, String err) {}

  private static Answer handOver(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Optional<Integer> code = HandOver.handOver(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    return new Answer(code, out.toString(), err.toString());
  }
}
