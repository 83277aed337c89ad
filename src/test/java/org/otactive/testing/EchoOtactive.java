package org.otactive.testing;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.otactive.cli.Main;
import org.otactive.methods.BuiltInMethods;
import org.otactive.probe.Method;
import org.otactive.probe.MethodRegistry;

/** {@code otactive} with the test-only {@link EchoMethod} registered beside the built-in methods: a real process. */
public final class EchoOtactive {
  private EchoOtactive() {}

  public static MethodRegistry registry() {
    List<Method> all = new ArrayList<>(BuiltInMethods.registry().all());
    all.add(new EchoMethod());
    return new MethodRegistry(all);
  }

  public static void main(String[] args) {
    System.exit(Main.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), registry(), System.getenv()));
  }
}
