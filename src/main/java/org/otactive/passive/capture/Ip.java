package org.otactive.passive.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.otactive.scope.Addresses;

/**
 * An IPv4 or IPv6 address as two numbers: cheap to hash and compare for every frame of a large
 * capture. IPv4 addresses have {@code hi == -1} and the address in the low 32 bits of {@code lo}.
 */
public record Ip(long hi, long lo) {
  public static Ip v4(byte[] b, int at) {
    return new Ip(-1, Bytes.be32(b, at));
  }

  public static Ip v6(byte[] b, int at) {
    return new Ip(Bytes.be32(b, at) << 32 | Bytes.be32(b, at + 4), Bytes.be32(b, at + 8) << 32 | Bytes.be32(b, at + 12));
  }

  public boolean isV4() {
    return hi == -1;
  }

  /**
   * True for an address a device can own: not unspecified, broadcast, multicast or loopback
   * (IPv4 0.0.0.0/8, 127/8, 224/4 and above; IPv6 ::, ::1, ff00::/8).
   */
  public boolean isUnicast() {
    if (isV4()) {
      long first = lo >>> 24;
      return first != 0 && first != 127 && first < 224;
    }
    if (hi == 0 && (lo == 0 || lo == 1)) return false;
    return (hi >>> 56) != 0xFF;
  }

  /** IPv6 link-local (fe80::/10): never routed, so its frames carry the owner's MAC. */
  public boolean isLinkLocal() {
    return !isV4() && (hi >>> 54) == (0xFE80L >>> 6);
  }

  public InetAddress toInetAddress() {
    byte[] b;
    if (isV4()) {
      b = new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    } else {
      b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Canonical text, the inventory's key for a device. */
  @Override
  public String toString() {
    return Addresses.canonical(toInetAddress());
  }
}
