package org.otactive.methods;

import java.util.List;
import org.otactive.probe.MethodRegistry;
import org.otactive.probe.rdns.ReverseDnsMethod;
import org.otactive.probe.wmi.WemMethod;

/**
 * The one visible list of the methods this build offers. Adding a method is adding its package
 * under {@code probe} and one line here; no layer above names it.
 */
public final class BuiltInMethods {
  private BuiltInMethods() {}

  public static MethodRegistry registry() {
    return new MethodRegistry(List.of(new ReverseDnsMethod(), new WemMethod()));
  }
}
