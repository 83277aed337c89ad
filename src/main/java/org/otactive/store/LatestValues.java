package org.otactive.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.otactive.common.Packing;
import org.otactive.inventory.AttributeValue;

/**
 * A device's latest values, one per attribute and source, packed into one column of its row: a
 * scan that confirms or learns a device's values rewrites one row instead of touching a row per
 * value and its indexes (bench/RESULTS.md). Pure.
 *
 * <p>Layout: a version byte (1), the number of values (varint), then per value its attribute,
 * value, source and detail (each a varint length and UTF-8 bytes) and its first and last time
 * seen (zigzag varints of microseconds since the epoch, the precision of the store's
 * timestamps). Values are kept ordered by attribute, then source.
 */
public final class LatestValues {
  static final int VERSION = 1;
  static final Comparator<AttributeValue> ORDER = LatestValues::compare;

  // By hand rather than composed: a first scan packs every device it finds.
  private static int compare(AttributeValue a, AttributeValue b) {
    int byAttribute = a.attribute().compareTo(b.attribute());
    return byAttribute != 0 ? byAttribute : a.source().compareTo(b.source());
  }

  private LatestValues() {}

  public static byte[] encode(Collection<AttributeValue> values) {
    Packing.Writer out = new Packing.Writer(bytesAbout(values));
    encode(out, values);
    return out.finish();
  }

  /**
   * The size the values take packed when their texts are ASCII and shorter than 128 bytes and their
   * times of this century (a length byte per text, eight bytes per time): a writer's first size.
   */
  static int bytesAbout(Collection<AttributeValue> values) {
    int n = 2;
    for (AttributeValue v : values) {
      n += 4 + v.attribute().length() + v.value().length() + v.source().length() + v.detail().length() + 2 * 8;
    }
    return n;
  }

  /** Packs the values after what {@code out} holds (a device's row packs them after its own fields). */
  static void encode(Packing.Writer out, Collection<AttributeValue> values) {
    Collection<AttributeValue> sorted = inOrder(values) ? values : sortedCopy(values);
    out.write(VERSION);
    Packing.varint(out, sorted.size());
    for (AttributeValue v : sorted) {
      Packing.text(out, v.attribute());
      Packing.text(out, v.value());
      Packing.text(out, v.source());
      Packing.text(out, v.detail());
      Packing.signed(out, Packing.micros(v.since()));
      Packing.signed(out, Packing.micros(v.lastSeen()));
    }
  }

  /** Whether the values come in {@link #ORDER} already (a device's, read back or made by a scan, mostly do). */
  private static boolean inOrder(Collection<AttributeValue> values) {
    AttributeValue before = null;
    for (AttributeValue v : values) {
      if (before != null && compare(before, v) > 0) return false;
      before = v;
    }
    return true;
  }

  private static List<AttributeValue> sortedCopy(Collection<AttributeValue> values) {
    List<AttributeValue> sorted = new ArrayList<>(values);
    sorted.sort(ORDER);
    return sorted;
  }

  /** The values, in order; none for a device without any (null). */
  public static List<AttributeValue> decode(byte[] packed) {
    if (packed == null) return List.of();
    Packing.Reader in = new Packing.Reader(packed, "a device's latest values");
    if (in.u8() != VERSION) throw new IllegalStateException("a device's latest values of an unknown version");
    int n = (int) in.varint();
    List<AttributeValue> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new AttributeValue(in.text(), in.text(), in.text(), in.text(), Packing.instant(in.signed()),
          Packing.instant(in.signed())));
    }
    return out;
  }
}
