package org.otactive.probe;

import java.net.InetAddress;
import java.util.Objects;

/** One device a probe is asked about, by address. */
public record Target(InetAddress address) {
  public Target {
    Objects.requireNonNull(address, "address");
  }
}
