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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.methods.BuiltInMethods;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.supervise.Services;
import org.otactive.testing.Cli;

/**
 * {@link HandOver}, the entry point of a command a running service takes, knows the same commands
 * as the full command line and as {@code ./otactive}, which picks it by those words; it hands them
 * over, and leaves to the full command line what nobody takes.
 */
class HandOverTest {
  @TempDir Path dir;

  @Test
  void itKnowsTheMethodsCommandsTheFullCommandLineForwards() {
    assertThat(ControlClient.BUILT_IN_METHOD_COMMANDS).isEqualTo(Main.forwardedPairs(BuiltInMethods.registry()));
  }

  @Test
  void theScriptPicksItForExactlyTheseCommands() throws Exception {
    String script = Files.readString(Path.of("otactive"));
    Matcher words = Pattern.compile("(?m)^\\s+(user\\|site\\|[a-z|]+)\\) ;;$").matcher(script);
    assertThat(words.find()).as("the script's list of forwarded commands").isTrue();
    assertThat(Set.of(words.group(1).split("\\|"))).isEqualTo(ControlClient.FORWARDED);
    Matcher pairs = Pattern.compile("(?m)^\\s+(\"[a-z]+ [a-z]+\"(\\|\"[a-z]+ [a-z]+\")*)\\) ;;$").matcher(script);
    assertThat(pairs.find()).as("the script's list of the methods' forwarded commands").isTrue();
    assertThat(Arrays.stream(pairs.group(1).split("\\|")).map(p -> p.replace("\"", "")).collect(Collectors.toSet()))
        .isEqualTo(ControlClient.BUILT_IN_METHOD_COMMANDS);
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
      // A one-off scan holds the database itself: not handed over.
      assertThat(handOver("--db", db, "rdns", "192.0.2.1", "--dns-server", "127.0.0.1").code()).isEmpty();
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
