package org.otactive.probe.wmi.rpc;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A protocol tower (C706 appendix L): the floors that say how to reach an interface. This client
 * builds and reads the ncacn_ip_tcp tower: interface, NDR, connection-oriented RPC, TCP port, IPv4.
 *
 * @param floors each floor's left-hand side (protocol id and data) and right-hand side
 */
public record Tower(List<Floor> floors) {
  static final int PROTOCOL_UUID = 0x0d;
  static final int PROTOCOL_RPC_CO = 0x0b;
  static final int PROTOCOL_TCP = 0x07;
  static final int PROTOCOL_IP = 0x09;

  public record Floor(byte[] lhs, byte[] rhs) {
    public Floor {
      lhs = lhs.clone();
      rhs = rhs.clone();
    }

    @Override
    public byte[] lhs() {
      return lhs.clone();
    }

    @Override
    public byte[] rhs() {
      return rhs.clone();
    }

    int protocol() {
      return lhs.length == 0 ? -1 : lhs[0] & 0xFF;
    }
  }

  public Tower {
    floors = List.copyOf(floors);
  }

  /** The tower an ept_map query carries: the interface over TCP, port and address left open. */
  public static Tower tcp(SyntaxId iface) {
    return new Tower(List.of(
        syntaxFloor(iface), syntaxFloor(SyntaxId.NDR20),
        new Floor(new byte[] {PROTOCOL_RPC_CO}, new byte[2]),
        new Floor(new byte[] {PROTOCOL_TCP}, new byte[2]),
        new Floor(new byte[] {PROTOCOL_IP}, new byte[4])));
  }

  private static Floor syntaxFloor(SyntaxId s) {
    byte[] lhs = new byte[19];
    lhs[0] = PROTOCOL_UUID;
    System.arraycopy(Guids.encode(s.uuid()), 0, lhs, 1, 16);
    lhs[17] = (byte) s.major();
    lhs[18] = (byte) (s.major() >>> 8);
    return new Floor(lhs, new byte[] {(byte) s.minor(), (byte) (s.minor() >>> 8)});
  }

  /** The TCP port floor's value (big-endian on the wire), if the tower has one. */
  public OptionalInt tcpPort() {
    for (Floor f : floors) {
      if (f.protocol() == PROTOCOL_TCP && f.rhs.length == 2) return OptionalInt.of((f.rhs[0] & 0xFF) << 8 | f.rhs[1] & 0xFF);
    }
    return OptionalInt.empty();
  }

  /** The IPv4 floor's address, if the tower has one. */
  public Optional<InetAddress> address() {
    for (Floor f : floors) {
      if (f.protocol() == PROTOCOL_IP && f.rhs.length == 4) {
        try {
          return Optional.of((Inet4Address) InetAddress.getByAddress(f.rhs));
        } catch (UnknownHostException e) {
          throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
      }
    }
    return Optional.empty();
  }

  /** The tower_octet_string: floor count, then each floor's sides with little-endian lengths. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    le16(out, floors.size());
    for (Floor f : floors) {
      le16(out, f.lhs.length);
      out.writeBytes(f.lhs);
      le16(out, f.rhs.length);
      out.writeBytes(f.rhs);
    }
    return out.toByteArray();
  }

  private static void le16(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
  }

  /** Reads a tower_octet_string; its fields are packed, not NDR-aligned. */
  public static Tower decode(byte[] b) throws NdrException {
    int[] at = {0};
    int count = unalignedU16(b, at);
    List<Floor> floors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] lhs = slice(b, at, unalignedU16(b, at));
      byte[] rhs = slice(b, at, unalignedU16(b, at));
      floors.add(new Floor(lhs, rhs));
    }
    return new Tower(floors);
  }

  private static int unalignedU16(byte[] b, int[] at) throws NdrException {
    byte[] two = slice(b, at, 2);
    return (two[0] & 0xFF) | (two[1] & 0xFF) << 8;
  }

  private static byte[] slice(byte[] b, int[] at, int n) throws NdrException {
    if (at[0] + n > b.length) {
      throw new NdrException("tower of " + b.length + " bytes ends before a field of " + n + " at " + at[0]);
    }
    byte[] out = java.util.Arrays.copyOfRange(b, at[0], at[0] + n);
    at[0] += n;
    return out;
  }
}
