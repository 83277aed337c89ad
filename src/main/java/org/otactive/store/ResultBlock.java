package org.otactive.store;

import static org.otactive.common.Packing.instant;
import static org.otactive.common.Packing.micros;
import static org.otactive.common.Packing.signed;
import static org.otactive.common.Packing.text;
import static org.otactive.common.Packing.varint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.otactive.common.Packing;
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
    Packing.Writer body = new Packing.Writer(results.size() * 12);
    long base = results.isEmpty() ? 0 : micros(results.get(0).at());
    for (Entry r : results) {
      byte[] a = r.address().getAddress();
      body.write(a.length == 4 ? 4 : 6);
      body.write(a, 0, a.length);
      varint(body, index(texts, r.outcome()));
      String detail = r.detail();
      if (detail.length() > MAX_DETAIL) detail = detail.substring(0, MAX_DETAIL);
      varint(body, index(texts, detail));
      signed(body, micros(r.at()) - base);
    }
    Packing.Writer out = new Packing.Writer(body.size() + 64 + texts.size() * 32);
    out.write(VERSION);
    varint(out, results.size());
    for (int i = 7; i >= 0; i--) out.write((int) (base >>> (8 * i)));
    varint(out, texts.size());
    for (String t : texts.keySet()) text(out, t);
    out.write(body);
    return out.toByteArray();
  }

  /**
   * The text's place in the dictionary, added at the end when new. Not {@code computeIfAbsent}
   * with a lambda: a lambda that captures is made anew for every call, and in first-tier compiled
   * code that was a fifth of the run log's writing (bench/RESULTS.md).
   */
  private static int index(Map<String, Integer> texts, String text) {
    Integer k = texts.get(text);
    if (k == null) {
      k = texts.size();
      texts.put(text, k);
    }
    return k;
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
    Packing.Reader in = new Packing.Reader(block, "result block");
    if (in.u8() != VERSION) throw new IllegalStateException("result block of an unknown version");
    int count = (int) in.varint();
    long base = 0;
    for (int i = 0; i < 8; i++) base = (base << 8) | in.u8();
    int n = (int) in.varint();
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) texts[i] = in.text();
    for (int i = 0; i < count; i++) {
      int family = in.u8();
      int len = family == 4 ? 4 : 16;
      InetAddress address;
      try {
        address = InetAddress.getByAddress(in.bytes(len));
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
      int kind = (int) in.varint();
      int detail = (int) in.varint();
      long micros = base + in.signed();
      each.accept(new Entry(address, full ? texts[kind] : null, full ? texts[detail] : null,
          full ? instant(micros) : null));
    }
  }
}
