package org.otactive.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.otactive.common.Packing;
import org.otactive.inventory.Device;
import org.otactive.scope.Addresses;

/**
 * The inventory's devices packed into rows of {@code device_block}, many to a row: a scan of a /14
 * then writes about a thousand rows instead of a quarter of a million (each with its index entry
 * and undo log), the cost that held the whole command back (bench/RESULTS.md). Pure.
 *
 * <p>A row's key is the device's address without its last byte (an IPv4 /24, an IPv6 /120) for a
 * shared row, or the whole address for a device whose packed form is over {@link #SOLO_BYTES} (a
 * host's software list): such a device has a row of its own, so a batch that changes one device
 * never rewrites more than a shared row of small ones. The two kinds of key differ in length.
 *
 * <p>Row layout: a version byte (1), the number of devices (varint), then each device as a varint
 * length and its bytes, in address order. A device: its address and MAC (texts; an empty MAC is
 * none), its first and last time seen (zigzag varints of microseconds since the epoch), then its
 * latest values as {@link LatestValues} writes them.
 */
public final class DeviceRows {
  /** A device packed larger than this has a row of its own. */
  static final int SOLO_BYTES = 1024;
  private static final int VERSION = 1;

  private DeviceRows() {}

  /** One device in packed form, with its address read out (the rest is decoded only when asked). */
  public record Packed(String address, byte[] rawAddress, byte[] bytes) {}

  /** Address order, as {@code Addresses.sortKey} has it: IPv4 first, then numerically. */
  public static final Comparator<Packed> ADDRESS_ORDER = DeviceRows::compareAddresses;

  // By hand rather than composed: a row of 256 devices is sorted each time it is written.
  private static int compareAddresses(Packed a, Packed b) {
    byte[] x = a.rawAddress();
    byte[] y = b.rawAddress();
    return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
  }

  /** The key of the shared row {@code address} belongs to. */
  public static byte[] sharedKey(byte[] address) {
    return Arrays.copyOf(address, address.length - 1);
  }

  /** The key of the row a device of its own would have. */
  public static byte[] soloKey(byte[] address) {
    return address.clone();
  }

  /** The key of the row a device packed as {@code packed} belongs in. */
  public static byte[] keyFor(Packed packed) {
    return packed.bytes().length > SOLO_BYTES ? soloKey(packed.rawAddress()) : sharedKey(packed.rawAddress());
  }

  /**
   * The bytes of an address in canonical text: IPv4 read by hand (a scan's writer asks for every
   * result), anything else by {@link Addresses#parse}.
   *
   * @throws org.otactive.common.BadInputException when the text is not one address
   */
  public static byte[] addressBytes(String text) {
    byte[] b = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch >= '0' && ch <= '9' && part < 4) {
        // no leading zeros: canonical text only, the rest goes the long way and is judged there
        if (value == 0) return Addresses.parse(text).getAddress();
        value = (value < 0 ? 0 : value * 10) + (ch - '0');
        if (value > 255) return Addresses.parse(text).getAddress();
      } else if (ch == '.' && value >= 0 && part < 3) {
        b[part++] = (byte) value;
        value = -1;
      } else {
        return Addresses.parse(text).getAddress();
      }
    }
    if (part != 3 || value < 0) return Addresses.parse(text).getAddress();
    b[3] = (byte) value;
    return b;
  }

  /** Packs one device. */
  public static Packed pack(Device d) {
    // One array of about the right size, the latest values packed straight into it: a first scan
    // packs every device it finds, and growing and copying arrays was most of the writer's garbage.
    Packing.Writer out = new Packing.Writer(2 + d.address().length() + (d.mac() == null ? 0 : d.mac().length()) + 2 * 8
        + LatestValues.bytesAbout(d.latest()));
    Packing.text(out, d.address());
    Packing.text(out, d.mac() == null ? "" : d.mac());
    Packing.signed(out, Packing.micros(d.firstSeen()));
    Packing.signed(out, Packing.micros(d.lastSeen()));
    LatestValues.encode(out, d.latest());
    return new Packed(d.address(), addressBytes(d.address()), out.finish());
  }

  /** The device a {@link #pack} made. */
  public static Device unpack(Packed p) {
    Packing.Reader in = new Packing.Reader(p.bytes(), "a device's packed row");
    String address = in.text();
    String mac = in.text();
    long first = in.signed();
    long last = in.signed();
    int at = in.skip(0);
    byte[] latest = Arrays.copyOfRange(p.bytes(), at, p.bytes().length);
    return new Device(address, mac.isEmpty() ? null : mac, Packing.instant(first), Packing.instant(last),
        LatestValues.decode(latest));
  }

  /** A row's devices, in address order. */
  public static byte[] row(List<Packed> devices) {
    List<Packed> sorted = new ArrayList<>(devices);
    sorted.sort(ADDRESS_ORDER);
    int size = 1 + Packing.varintSize(sorted.size());
    for (Packed p : sorted) size += Packing.varintSize(p.bytes().length) + p.bytes().length;
    Packing.Writer out = new Packing.Writer(size); // exactly: finish() hands its array over
    out.write(VERSION);
    Packing.varint(out, sorted.size());
    for (Packed p : sorted) {
      Packing.varint(out, p.bytes().length);
      out.write(p.bytes(), 0, p.bytes().length);
    }
    return out.finish();
  }

  /** The devices of a row that {@link #row} made, their values still packed. */
  public static List<Packed> devices(byte[] row) {
    Packing.Reader in = new Packing.Reader(row, "a row of devices");
    if (in.u8() != VERSION) throw new IllegalStateException("a row of devices of an unknown version");
    int n = (int) in.varint();
    List<Packed> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] bytes = in.bytes((int) in.varint());
      String address = new Packing.Reader(bytes, "a device's packed row").text();
      out.add(new Packed(address, addressBytes(address), bytes));
    }
    return out;
  }
}
