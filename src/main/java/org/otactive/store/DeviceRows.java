package org.otactive.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.otactive.common.Packing;
import org.otactive.inventory.Device;
import org.otactive.inventory.Observation;
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

  /**
   * The device {@code packed} after observations that each confirm one of its latest values (the
   * same attribute, source and value; the detail is not compared), worked on its bytes: the
   * device's last time seen and each confirmed value's move forward when an observation is later,
   * and nothing else changes. This is what decoding the device, applying the observations by the
   * inventory's rules ({@code ChangeDetector}: a confirmation) and packing it again gives, at a
   * fraction of the cost: a scan that finds what the last one found confirms every device.
   *
   * @param seen the latest time among {@code observations}
   * @return the same array when nothing moves; null when some observation does not confirm a
   *     latest value (a new or another value, an attribute the device lacks), for the rules to decide
   */
  static byte[] confirmed(byte[] packed, List<Observation> observations, Instant seen) {
    Packing.Reader in = new Packing.Reader(packed, "a device's packed row");
    in.skip((int) in.varint()); // address
    in.skip((int) in.varint()); // MAC
    int timesAt = in.skip(0);
    long first = in.signed();
    long last = in.signed();
    int valuesAt = in.skip(0);
    if (in.u8() != LatestValues.VERSION) return null; // the rules' decoder says what is wrong
    int n = (int) in.varint();
    if (n < 0 || n > packed.length) return null;
    // Per value: its attribute, value and source as (start, length), then where its last time seen starts and ends.
    int[] at = new int[n * FIELDS];
    long[] lastSeen = new long[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < 3; f++) {
        int len = (int) in.varint();
        at[FIELDS * i + 2 * f] = in.skip(len);
        at[FIELDS * i + 2 * f + 1] = len;
      }
      in.skip((int) in.varint()); // detail
      in.signed(); // since
      at[FIELDS * i + 6] = in.skip(0);
      lastSeen[i] = in.signed();
      at[FIELDS * i + 7] = in.skip(0);
    }
    if (!in.atEnd()) return null;
    Instant[] later = null; // per value, the latest observation after its last time seen
    for (Observation o : observations) {
      int i = valueOf(packed, at, n, o);
      if (i < 0) return null;
      Instant when = o.observedAt();
      if (later != null && later[i] != null ? when.isAfter(later[i]) : isAfter(when, lastSeen[i])) {
        if (later == null) later = new Instant[n];
        later[i] = when;
      }
    }
    boolean deviceMoved = isAfter(seen, last);
    if (later == null && !deviceMoved) return packed;
    long newLast = deviceMoved ? Packing.micros(seen) : last;
    // The exact size first: the writer then hands its array over instead of copying it.
    int size = packed.length - (valuesAt - timesAt) + Packing.signedSize(first) + Packing.signedSize(newLast);
    for (int i = 0; later != null && i < n; i++) {
      if (later[i] != null) size += Packing.signedSize(Packing.micros(later[i])) - (at[FIELDS * i + 7] - at[FIELDS * i + 6]);
    }
    Packing.Writer out = new Packing.Writer(size);
    out.write(packed, 0, timesAt);
    Packing.signed(out, first);
    Packing.signed(out, newLast);
    int from = valuesAt;
    for (int i = 0; later != null && i < n; i++) {
      if (later[i] == null) continue;
      out.write(packed, from, at[FIELDS * i + 6] - from);
      Packing.signed(out, Packing.micros(later[i]));
      from = at[FIELDS * i + 7];
    }
    out.write(packed, from, packed.length - from);
    return out.finish();
  }

  /** Ints {@link #confirmed} keeps per value. */
  private static final int FIELDS = 8;

  /**
   * {@code when.isAfter(Packing.instant(micros))} without making the instant: a time packed in
   * microseconds has no nanoseconds beyond them.
   */
  private static boolean isAfter(Instant when, long micros) {
    long m = Packing.micros(when);
    return m > micros || (m == micros && when.getNano() % 1_000 != 0);
  }

  /** The value {@code o} confirms: its attribute and source, with the same value; -1 when none. */
  private static int valueOf(byte[] packed, int[] at, int n, Observation o) {
    for (int i = 0; i < n; i++) {
      int v = FIELDS * i;
      if (sameText(packed, at[v], at[v + 1], o.attribute()) && sameText(packed, at[v + 4], at[v + 5], o.source())) {
        return sameText(packed, at[v + 2], at[v + 3], o.value()) ? i : -1;
      }
    }
    return -1;
  }

  /** Whether {@code len} bytes at {@code at} are {@code s} in UTF-8, without encoding it when it is ASCII. */
  static boolean sameText(byte[] b, int at, int len, String s) {
    int n = s.length();
    if (len < n) return false; // UTF-8 takes at least a byte per char
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) break;
      if (len == n && b[at + i] != (byte) c) return false;
    }
    if (i == n) return len == n;
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Arrays.equals(b, at, at + len, utf8, 0, utf8.length);
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
