package org.otactive.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard output is a terminal (for the progress bar). */
final class Terminal {
  private Terminal() {}

  static boolean stdoutIsTerminal() {
    if (System.getenv("OTACTIVE_PROGRESS") != null) return true;
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
