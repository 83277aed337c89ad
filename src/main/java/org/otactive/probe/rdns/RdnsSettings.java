package org.otactive.probe.rdns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.otactive.common.BadInputException;

/**
 * The reverse DNS method's configuration: its servers, in the order they are asked, and how many
 * times one query is sent before the server counts as not answering.
 */
public record RdnsSettings(List<DnsServer> servers, int tries) {
  public static final int DEFAULT_TRIES = 3;

  public RdnsSettings {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) throw new BadInputException("no DNS server given (--dns-server ADDR[:PORT])");
    if (tries < 1 || tries > 10) throw new BadInputException("tries out of range: " + tries + " (1..10)");
    if (servers.stream().map(DnsServer::endpoint).distinct().count() != servers.size()) {
      throw new BadInputException("the same DNS server is given twice");
    }
  }

  public RdnsSettings(List<DnsServer> servers) {
    this(servers, DEFAULT_TRIES);
  }

  public List<DnsServer> serversFor(InetAddress address) {
    if (servers.size() == 1) return servers.get(0).serves(address) ? servers : List.of();
    List<DnsServer> out = new java.util.ArrayList<>(servers.size());
    for (DnsServer s : servers) if (s.serves(address)) out.add(s);
    return out;
  }

  /** The endpoints the gate may send to on behalf of any in-scope target. */
  public Set<InetSocketAddress> endpoints() {
    return servers.stream().map(DnsServer::endpoint).collect(Collectors.toUnmodifiableSet());
  }
}
