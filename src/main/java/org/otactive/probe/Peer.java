package org.otactive.probe;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.otactive.scope.AddressSet;

/**
 * Infrastructure a method asks about its targets (a DNS server), as opposed to the targets
 * themselves. The gate lets a run send to a peer only when its method declares it.
 *
 * @param endpoint address and port
 * @param role what it is, for people: {@code DNS server}
 * @param serves the targets it is asked about; empty means every target
 */
public record Peer(InetSocketAddress endpoint, String role, AddressSet serves) {
  public Peer {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(serves, "serves");
  }
}
