package org.otactive.testing;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.otactive.cli.Main;
import org.otactive.methods.BuiltInMethods;
import org.otactive.probe.Method;
import org.otactive.probe.MethodRegistry;

/** {@code otactive} with the test-only {@link WemShapedMethod} registered after the built-in methods: a real process. */
public final class PlanningOtactive {
  private PlanningOtactive() {}

  public static MethodRegistry registry() {
    List<Method> all = new ArrayList<>(BuiltInMethods.registry().all());
    all.add(new WemShapedMethod());
    return new MethodRegistry(all);
  }

  public static void main(String[] args) {
    System.exit(Main.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), registry(), System.getenv()));
  }
}
