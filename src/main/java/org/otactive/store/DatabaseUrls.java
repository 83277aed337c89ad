package org.otactive.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a database URL says without opening it: the default one, and the file of an embedded
 * database. Kept apart from {@link Database} so a command that only hands itself to the running
 * service loads none of the database's classes.
 */
public final class DatabaseUrls {
  public static final String DEFAULT = "jdbc:h2:file:./data/otactive";
  private static final String H2_FILE = "jdbc:h2:file:";

  private DatabaseUrls() {}

  /** The file path of an embedded database ({@code ./data/otactive}), if it is one. */
  public static Optional<Path> h2File(String url) {
    if (url == null || !url.startsWith(H2_FILE)) return Optional.empty();
    String path = url.substring(H2_FILE.length());
    int semi = path.indexOf(';');
    if (semi >= 0) path = path.substring(0, semi);
    return Optional.of(Path.of(path).toAbsolutePath());
  }
}
