package org.otactive.probe.wmi.dcom;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One way to reach an object exporter (MS-DCOM 2.2.19.3 STRINGBINDING): a protocol tower id and
 * a network address, for TCP {@code host[port]}.
 */
public record StringBinding(int towerId, String networkAddress) {
  /** NCACN_IP_TCP. */
  public static final int TCP = 0x07;
  /** NCACN_NP (named pipes over SMB). */
  public static final int NAMED_PIPE = 0x0f;

  public StringBinding {
    Objects.requireNonNull(networkAddress, "networkAddress");
    if (towerId <= 0 || towerId > 0xFFFF) throw new IllegalArgumentException("tower id " + towerId);
    if (networkAddress.indexOf('\0') >= 0) throw new IllegalArgumentException("network address with a NUL");
  }

  /** The port of a TCP binding written {@code host[port]}, if this is one and it has a valid port. */
  public OptionalInt tcpPort() {
    if (towerId != TCP) return OptionalInt.empty();
    int open = networkAddress.lastIndexOf('[');
    if (open < 0 || !networkAddress.endsWith("]")) return OptionalInt.empty();
    String digits = networkAddress.substring(open + 1, networkAddress.length() - 1);
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalInt.empty();
    }
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 0xFFFF ? OptionalInt.of(port) : OptionalInt.empty();
  }
}
