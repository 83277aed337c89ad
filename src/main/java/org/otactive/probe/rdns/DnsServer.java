package org.otactive.probe.rdns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.common.BadInputException;

/**
 * A DNS server asked for reverse lookups, as the reference product configures one.
 *
 * @param endpoint address and port (53 by default)
 * @param labels how many leading labels of a found FQDN make the displayed host name; the whole
 *     FQDN is always stored as well
 * @param subnets the addresses it serves; empty means every address
 */
public record DnsServer(InetSocketAddress endpoint, int labels, AddressSet subnets) {
  public static final int DEFAULT_PORT = 53;
  public static final int DEFAULT_LABELS = 1;
  /** A name of 255 octets holds at most 127 labels. */
  public static final int MAX_LABELS = 127;

  public DnsServer {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(subnets, "subnets");
    checkLabels(labels);
    if (endpoint.isUnresolved()) throw new BadInputException("DNS server must be an IP address: " + endpoint);
  }

  public static void checkLabels(int labels) {
    if (labels < 1 || labels > MAX_LABELS) {
      throw new BadInputException("labels out of range: " + labels + " (1.." + MAX_LABELS + ")");
    }
  }

  public boolean serves(InetAddress address) {
    return subnets.isEmpty() || subnets.contains(address);
  }

  /** {@code 127.0.0.1:53} or {@code [::1]:53}. */
  public String label() {
    String host = Addresses.canonical(endpoint.getAddress());
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + endpoint.getPort();
  }

  @Override
  public String toString() {
    return label() + (subnets.isEmpty() ? "" : "=" + subnets);
  }
}
