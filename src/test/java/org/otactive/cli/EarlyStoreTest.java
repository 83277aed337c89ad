package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.store.Database;

/**
 * {@link EarlyStore}: the database a command uses is opened while its words are parsed, and only
 * when that changes nothing a command would not change itself.
 */
class EarlyStoreTest {
  @TempDir Path dir;

  private String existing() {
    String url = "jdbc:h2:file:" + dir.resolve("db");
    Database.open(url).close();
    return url;
  }

  @Test
  void anExistingDatabaseIsOpenedEarlyAndHandedToTheCommand() {
    String url = existing();
    EarlyStore early = EarlyStore.start(new String[] {"--db", url, "site", "list"}, "site");
    try (Database db = early.take(url)) {
      assertThat(db).isNotNull();
      assertThat(db.url()).isEqualTo(url);
      assertThat(db.<Boolean>transaction(c -> c.createStatement().executeQuery("SELECT COUNT(*) FROM site").next())).isTrue();
    }
    assertThat(early.take(url)).as("taken once").isNull();
    early.close(); // the command closed it; nothing left to do
  }

  @Test
  void aDatabaseThatIsNotThereIsNotCreated() throws IOException {
    String url = "jdbc:h2:file:" + dir.resolve("typo/db");
    EarlyStore early = EarlyStore.start(new String[] {"site", "lst", "--db=" + url}, "site");
    assertThat(early.take(url)).isNull();
    early.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void serveHelpAndNoCommandOpenNothing() {
    String url = existing();
    for (String word : new String[] {"serve", "help", null}) {
      assertThat(EarlyStore.start(new String[] {"--db", url}, word).take(url)).as(String.valueOf(word)).isNull();
    }
  }

  @Test
  void aDatabaseOpenedEarlyAndNotTakenIsClosedWhenTheCommandEnds() throws Exception {
    String url = existing();
    EarlyStore early = EarlyStore.start(new String[] {"--db", url, "devices"}, "devices");
    assertThat(early.take("jdbc:h2:file:" + dir.resolve("other"))).as("another database").isNull();
    early.close();
    // Closed, and its lock let go: another process takes it at once.
    assertThat(otherProcessLocks(dir.resolve("db.lock"))).isTrue();
  }

  @Test
  void aDatabaseAnotherProcessHoldsIsLeftToTheCommandWithoutWaiting() throws Exception {
    String url = existing();
    Process holder = new ProcessBuilder("/usr/bin/python3", "-c",
        "import fcntl, sys, time\n"
            + "f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
            + "print('held', flush=True); time.sleep(60)\n",
        dir.resolve("db.lock").toString()).redirectErrorStream(true).start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(5), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("held\n");
      long t0 = System.nanoTime();
      EarlyStore early = EarlyStore.start(new String[] {"--db", url, "devices"}, "devices");
      assertThat(early.take(url)).isNull();
      // The early open does not wait for the lock (the command then waits, as it always did).
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(Database.LOCK_WAIT.toMillis() / 2);
      early.close();
    } finally {
      holder.destroy();
      holder.waitFor();
    }
  }

  @Test
  void theDatabaseIsReadFromTheArgumentsAsTheCommandLineReadsIt() {
    assertThat(EarlyStore.urlOf(new String[] {"site", "list"})).isEqualTo(org.otactive.store.DatabaseUrls.DEFAULT);
    assertThat(EarlyStore.urlOf(new String[] {"--as", "--db", "site", "list"})).isEqualTo(org.otactive.store.DatabaseUrls.DEFAULT);
    assertThat(EarlyStore.urlOf(new String[] {"site", "list", "--db", "jdbc:h2:file:/a"})).isEqualTo("jdbc:h2:file:/a");
    assertThat(EarlyStore.urlOf(new String[] {"--db=jdbc:h2:file:/b", "devices"})).isEqualTo("jdbc:h2:file:/b");
  }

  /** Whether another process can take the lock on {@code file} at once. */
  private static boolean otherProcessLocks(Path file) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import fcntl, sys\nf = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n",
        file.toString()).redirectErrorStream(true).start();
    return p.waitFor() == 0;
  }
}
