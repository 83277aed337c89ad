package org.otactive.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.otactive.common.BadInputException;

/** Where a listing goes: standard output, or a file given with {@code --out}. */
final class Outputs {
  private Outputs() {}

  /** Checks up front that {@code --out} can be written, before anything is sent. */
  static void checkWritable(Path file) {
    if (file == null) return;
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new BadInputException("--out: folder does not exist: '" + parent + "'");
    }
    if (Files.isDirectory(file)) throw new BadInputException("--out: is a folder: '" + file + "'");
    if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(parent)) {
      throw new BadInputException("--out: cannot write '" + file + "'");
    }
  }

  static PrintWriter open(Path file, PrintWriter stdout) throws IOException {
    if (file == null) return stdout;
    // Buffered before the encoder: a listing prints a few short cells per row, and unbuffered each
    // of them is encoded on its own, through a buffer made for it.
    return new PrintWriter(new java.io.BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
        1 << 16));
  }
}
