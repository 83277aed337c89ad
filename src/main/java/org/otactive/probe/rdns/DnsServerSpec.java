package org.otactive.probe.rdns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.common.BadInputException;

/**
 * Parses the command line's server form: {@code ADDR[:PORT][#LABELS][=SUBNET,SUBNET...]}, IPv6 in
 * brackets ({@code [::1]:53=fd00::/64}); a bare IPv6 address without port is accepted too. {@code
 * #LABELS} gives this server its own number of labels (the reference product sets it per server);
 * without it the method's {@code --labels} applies.
 */
public final class DnsServerSpec {
  private DnsServerSpec() {}

  public static DnsServer parse(String spec, int labels) {
    if (spec == null || spec.isBlank()) throw new BadInputException("empty DNS server");
    String s = spec.strip();
    String subnetPart = null;
    int eq = s.indexOf('=');
    if (eq >= 0) {
      subnetPart = s.substring(eq + 1);
      s = s.substring(0, eq);
      if (subnetPart.isBlank()) throw new BadInputException("DNS server '" + spec + "' names no subnets after '='");
    }
    int hash = s.indexOf('#');
    if (hash >= 0) {
      String text = s.substring(hash + 1).strip();
      s = s.substring(0, hash).strip();
      try {
        labels = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new BadInputException("DNS server '" + spec + "': labels after '#' is not a number: '" + text + "'");
      }
      DnsServer.checkLabels(labels);
    }
    String host;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) throw new BadInputException("DNS server has '[' without ']': '" + spec + "'");
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) throw new BadInputException("bad DNS server: '" + spec + "'");
        port = rest.substring(1);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    } else {
      host = s;
    }
    InetAddress address;
    try {
      address = Addresses.parse(host);
    } catch (BadInputException e) {
      throw new BadInputException("DNS server address is not an IP address: '" + host + "'");
    }
    int p = port == null ? DnsServer.DEFAULT_PORT : parsePort(port);
    AddressSet subnets = subnetPart == null
        ? AddressSet.empty()
        : AddressSet.of(Arrays.stream(subnetPart.split(",")).map(String::strip).toList(), List.of());
    return new DnsServer(new InetSocketAddress(address, p), labels, subnets);
  }

  static int parsePort(String text) {
    int p;
    try {
      p = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      // Most often a subnet written with another separator: say the form.
      throw new BadInputException("DNS server port is not a number: '" + text + "' (the form is " + FORM + ")");
    }
    if (p < 1 || p > 65535) throw new BadInputException("port out of range: '" + text + "' (1..65535)");
    return p;
  }

  /** How a server is written, for error messages. */
  static final String FORM = "ADDR[:PORT][#LABELS][=SUBNET,SUBNET...]";
}
