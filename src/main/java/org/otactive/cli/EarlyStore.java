package org.otactive.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.otactive.store.Database;
import org.otactive.store.DatabaseUrls;

/**
 * The embedded database a command will use, opened on a second thread while the command line is
 * parsed: both take about a third of a second in a fresh JVM, one core each (bench/RESULTS.md).
 *
 * <p>Only an H2 file that exists is opened early (a mistyped command never creates one), and only
 * if no other process holds it: the early open does not wait. Whatever goes wrong early is
 * forgotten, and the command opens the database itself as it always did, with the same waiting and
 * the same messages. A database opened early and not taken is closed when the command ends.
 */
final class EarlyStore {
  static final EarlyStore NONE = new EarlyStore(null, null);

  private final String url;
  private final CompletableFuture<Database> opening;
  private boolean taken;

  private EarlyStore(String url, CompletableFuture<Database> opening) {
    this.url = url;
    this.opening = opening;
  }

  /** Starts opening the database {@code args} name, when the command {@code word} uses one. */
  static EarlyStore start(String[] args, String word) {
    if (word == null || word.equals("serve") || word.equals("help")) return NONE;
    String url = urlOf(args);
    Optional<Path> file = DatabaseUrls.h2File(url);
    if (file.isEmpty() || !Files.isRegularFile(file.get().resolveSibling(file.get().getFileName() + ".mv.db"))) {
      return NONE;
    }
    CompletableFuture<Database> opening = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("store-opener").start(() -> {
      try {
        opening.complete(Database.open(url, Duration.ZERO, () -> true));
      } catch (RuntimeException | Error e) {
        opening.completeExceptionally(e);
      }
    });
    return new EarlyStore(url, opening);
  }

  /** The database at {@code url} if it was opened early (the caller then owns it), else null. */
  synchronized Database take(String url) {
    if (opening == null || taken || !this.url.equals(url)) return null;
    taken = true;
    return await();
  }

  /** Closes the database if it was opened early and nobody took it. */
  synchronized void close() {
    if (opening == null || taken) return;
    taken = true;
    Database db = await();
    if (db != null) db.close();
  }

  private Database await() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return opening.get();
        } catch (InterruptedException e) {
          interrupted = true; // the open ends soon: it never waits for a lock
        } catch (ExecutionException e) {
          return null;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /** The {@code --db} value of {@code args}, read as {@link ControlClient} reads it. */
  static String urlOf(String[] args) {
    String db = DatabaseUrls.DEFAULT;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--db") && i + 1 < args.length) db = args[++i];
      else if (a.equals("--as") || a.equals("--key-file")) i++;
      else if (a.startsWith("--db=")) db = a.substring(5);
    }
    return db;
  }
}
