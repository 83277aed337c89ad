package org.otactive.netcheck;

import java.util.Objects;

/**
 * How this host would send to an address: out of which interface, through which gateway, from
 * which local address; or that it has no route there (and why, in the kernel's words).
 *
 * @param device the interface, e.g. {@code eth1}; null when there is no route
 * @param gateway the next hop, or null when the destination is on the interface's own link
 * @param source the local address the traffic leaves from (what a firewall rule names), or null
 * @param problem null when routed; else e.g. {@code Network is unreachable}
 */
public record Route(String device, String gateway, String source, String problem) {
  public static Route none(String problem) {
    return new Route(null, null, null, Objects.requireNonNull(problem, "problem"));
  }

  public boolean routed() {
    return problem == null;
  }

  /** {@code eth1 via 192.0.2.1 from 192.0.2.10}, {@code eth1 (on link) from 192.0.2.10}, or {@code no route: …}. */
  public String describe() {
    if (!routed()) return "no route: " + problem;
    return device + (gateway == null ? " (on link)" : " via " + gateway) + (source == null ? "" : " from " + source);
  }
}
