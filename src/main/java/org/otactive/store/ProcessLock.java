package org.otactive.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An exclusive lock of one process on a file, counted within the process: the first holder in a
 * JVM takes the operating system's lock, later ones in the same JVM share it (a JVM may open the
 * same embedded database more than once), and the last release lets it go. Another process trying
 * meanwhile is told at once that it is held.
 */
final class ProcessLock {
  private record Held(FileChannel channel, FileLock lock, int count) {}

  private static final Map<Path, Held> HELD = new HashMap<>();

  private final Path file;
  private boolean released;

  private ProcessLock(Path file) {
    this.file = file;
  }

  /** The lock, or null when another process holds it. */
  static synchronized ProcessLock tryAcquire(Path file) {
    Path key = file.toAbsolutePath().normalize();
    Held held = HELD.get(key);
    if (held != null) {
      HELD.put(key, new Held(held.channel(), held.lock(), held.count() + 1));
      return new ProcessLock(key);
    }
    try {
      FileChannel ch = FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        return null;
      }
      HELD.put(key, new Held(ch, lock, 1));
      return new ProcessLock(key);
    } catch (IOException e) {
      throw new StoreException("cannot lock " + key + ": " + e.getMessage(), e);
    }
  }

  synchronized void release() {
    if (released) return;
    released = true;
    synchronized (ProcessLock.class) {
      Held held = HELD.get(file);
      if (held == null) return;
      if (held.count() > 1) {
        HELD.put(file, new Held(held.channel(), held.lock(), held.count() - 1));
        return;
      }
      HELD.remove(file);
      try {
        held.lock().release();
        held.channel().close();
      } catch (IOException ignored) {
        // the process ends or closes the channel anyway
      }
    }
  }
}
