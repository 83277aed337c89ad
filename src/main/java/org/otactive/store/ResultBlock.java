package org.otactive.store;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.otactive.run.TargetResult;

/**
 * The per-target results of a run, a batch at a time, in one value: what the run log stores
 * instead of a row per target, so a run of a million targets writes a few hundred rows. Pure.
 *
 * <p>Layout: a version byte (1); the number of results (varint); the first result's time in
 * microseconds since the epoch (8 bytes); a dictionary of the texts the results use (outcome
 * kinds and details: a scan repeats a handful), each a varint length and UTF-8 bytes; then per
 * result its address (4 or 16 bytes after a byte 4 or 6), the dictionary indexes of its kind and
 * detail, and its time as a zigzag varint of microseconds from the first. Details longer than
 * {@link #MAX_DETAIL} characters are cut, as the result column of earlier versions did.
 */
public final class ResultBlock {
  static final int MAX_DETAIL = 4000;
  /** Results per block that the run log's writers aim for. */
  public static final int SIZE = 2_000;
  private static final int VERSION = 1;

  private ResultBlock() {}

  /** A result as stored: address, outcome kind, detail and time. */
  public record Entry(InetAddress address, String outcome, String detail, Instant at) {}

  /** The stored form of a run's result. */
  static Entry of(TargetResult r) {
    return new Entry(r.address(), r.outcome().kind(), r.outcome().detail(), r.at());
  }

  public static byte[] encode(List<Entry> results) {
    Map<String, Integer> texts = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream(results.size() * 12);
    long base = results.isEmpty() ? 0 : micros(results.get(0).at());
    for (Entry r : results) {
      byte[] a = r.address().getAddress();
      body.write(a.length == 4 ? 4 : 6);
      body.write(a, 0, a.length);
      varint(body, texts.computeIfAbsent(r.outcome(), k -> texts.size()));
      String detail = r.detail();
      if (detail.length() > MAX_DETAIL) detail = detail.substring(0, MAX_DETAIL);
      varint(body, texts.computeIfAbsent(detail, k -> texts.size()));
      long d = micros(r.at()) - base;
      varint(body, (d << 1) ^ (d >> 63));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 64 + texts.size() * 32);
    out.write(VERSION);
    varint(out, results.size());
    for (int i = 7; i >= 0; i--) out.write((int) (base >>> (8 * i)));
    varint(out, texts.size());
    for (String t : texts.keySet()) {
      byte[] b = t.getBytes(StandardCharsets.UTF_8);
      varint(out, b.length);
      out.write(b, 0, b.length);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  public static List<Entry> decode(byte[] block) {
    List<Entry> out = new ArrayList<>();
    read(block, out::add, true);
    return out;
  }

  /** Only the addresses, for a resumed run: nothing else is decoded. */
  static void addresses(byte[] block, Consumer<InetAddress> each) {
    read(block, e -> each.accept(e.address()), false);
  }

  private static void read(byte[] block, Consumer<Entry> each, boolean full) {
    Reader in = new Reader(block);
    if (in.u8() != VERSION) throw new IllegalStateException("result block of an unknown version");
    int count = (int) in.varint();
    long base = 0;
    for (int i = 0; i < 8; i++) base = (base << 8) | in.u8();
    int n = (int) in.varint();
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      int len = (int) in.varint();
      texts[i] = new String(block, in.skip(len), len, StandardCharsets.UTF_8);
    }
    for (int i = 0; i < count; i++) {
      int family = in.u8();
      int len = family == 4 ? 4 : 16;
      InetAddress address;
      try {
        address = InetAddress.getByAddress(java.util.Arrays.copyOfRange(block, in.skip(len), in.pos));
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
      int kind = (int) in.varint();
      int detail = (int) in.varint();
      long z = in.varint();
      long micros = base + ((z >>> 1) ^ -(z & 1));
      each.accept(new Entry(address, full ? texts[kind] : null, full ? texts[detail] : null,
          full ? Instant.EPOCH.plus(micros, ChronoUnit.MICROS) : null));
    }
  }

  private static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** A cursor over a block. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int u8() {
      return b[pos++] & 0xff;
    }

    /** Skips {@code n} bytes; returns where they start. */
    int skip(int n) {
      int at = pos;
      if (n < 0 || pos + n > b.length) throw new IllegalStateException("result block cut short");
      pos += n;
      return at;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new IllegalStateException("bad varint in a result block");
    }
  }
}
