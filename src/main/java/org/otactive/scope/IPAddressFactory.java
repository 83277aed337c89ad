package org.otactive.scope;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Converts JDK addresses to the IPAddress library's type. */
final class IPAddressFactory {
  private IPAddressFactory() {}

  static IPAddress from(InetAddress address) {
    if (address instanceof Inet4Address v4) return new IPv4Address(v4);
    return new IPv6Address((Inet6Address) address);
  }
}
