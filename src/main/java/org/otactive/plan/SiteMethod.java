package org.otactive.plan;

import java.util.Objects;
import org.otactive.probe.Configured;
import org.otactive.probe.Method;

/**
 * A registered method as one site has it: configured there or not, enabled or not, and whether its
 * supervised runs ask only the addresses of the minimal plan ({@code only-gaps}).
 *
 * @param configured the method with the site's settings, or null when the site has none for it
 */
public record SiteMethod(Method method, Configured configured, boolean enabled, boolean onlyGaps) {
  public SiteMethod {
    Objects.requireNonNull(method, "method");
  }

  /** A registered method the site has no settings for. */
  public static SiteMethod notConfigured(Method method) {
    return new SiteMethod(method, null, false, false);
  }

  public String id() {
    return method.id();
  }

  public boolean isConfigured() {
    return configured != null;
  }

  /** {@code enabled, only-gaps}, {@code disabled}, {@code not configured}. */
  public String state() {
    if (!isConfigured()) return "not configured";
    return (enabled ? "enabled" : "disabled") + (onlyGaps ? ", only-gaps" : "");
  }
}
