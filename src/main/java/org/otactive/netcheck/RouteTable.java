package org.otactive.netcheck;

import inet.ipaddr.IPAddressSeqRange;
import java.net.InetAddress;
import java.util.List;

/**
 * This host's routing, as the kernel decides it. Asking sends nothing. {@link IpRouteTable} reads
 * it with iproute2; tests of the splitting give tables of their own.
 */
public interface RouteTable {
  /** The route the kernel picks for {@code destination} (policy rules included). */
  Route lookup(InetAddress destination);

  /** The destination prefixes of every route in every table: where a route may change inside a range. */
  List<IPAddressSeqRange> prefixes();
}
