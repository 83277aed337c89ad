package org.otactive.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' Java programs (run as source files by the scripts in {@code bench/}, so no build
 * compiles them) still compile against the code and the test helpers they call: a renamed method
 * once left {@code bench/wem/run.sh} broken until someone ran it.
 */
class BenchSourcesCompileTest {
  @TempDir Path out;

  @Test
  void everyBenchmarkProgramCompiles() throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("bench"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
    }
    assertThat(sources).isNotEmpty();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    for (String source : sources) {
      // One at a time: each is a program of its own, and two may declare the same helper names.
      List<String> args = List.of("-proc:none", "-d", out.resolve(Path.of(source).getFileName().toString()).toString(),
          "-cp", System.getProperty("java.class.path"), source);
      int rc = javac.run(null, null, null, args.toArray(String[]::new));
      if (rc != 0) errors.append(source + " does not compile (javac exit " + rc + ")\n");
    }
    assertThat(errors.toString()).isEmpty();
  }
}
