package org.otactive.probe.rdns;

import java.nio.charset.StandardCharsets;
import org.xbill.DNS.Name;

/**
 * Turns DNS names from the network into text that is safe to store and show.
 *
 * <p>A label may hold any byte. Letters (lower-cased), digits, hyphen and underscore pass; every
 * other byte becomes the master-file escape {@code \DDD} (RFC 1035 §5.1), so markup, control
 * characters and dots inside labels never reach the store raw, and nothing is lost.
 */
public final class HostNames {
  private HostNames() {}

  /** The FQDN without the trailing dot, sanitised; {@code "."} for the root. */
  public static String sanitize(Name name) {
    // dnsjava's canonical wire form: the labels in one array, letters already lower-cased.
    byte[] wire = name.toWireCanonical();
    return fromWire(wire, 0);
  }

  /**
   * The name at {@code at} in the message {@code m}, sanitised as {@link #sanitize(Name)} has it
   * (ASCII letters lower-cased, as in dnsjava's canonical form), read straight from the wire: a
   * scan's replies give a name each, and building dnsjava's {@code Name} first cost the scan's
   * thread a tenth of its time (bench/RESULTS.md). Compression pointers are followed; the caller
   * has checked the name's framing (labels, 255 octets, pointers that point back), so this only
   * reads. The text is built as Latin-1 bytes.
   */
  static String fromWire(byte[] m, int at) {
    // Measured first, then written: an array of the name's own size, not one for the longest name
    // (a thousand zeroed bytes per reply were most of a scan's garbage, bench/RESULTS.md).
    int n = written(m, at, null);
    return n == 0 ? "." : new String(fill(m, at, n), StandardCharsets.ISO_8859_1);
  }

  private static byte[] fill(byte[] m, int at, int n) {
    byte[] out = new byte[n];
    written(m, at, out);
    return out;
  }

  /**
   * Per byte of a label, what it is written as when it passes (letters lower-cased, digits,
   * hyphen, underscore), else 0 for an escape: one look-up per byte instead of a chain of range
   * checks (every reply of a scan has a name to walk twice).
   */
  private static final byte[] PLAIN = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      int c = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') PLAIN[b] = (byte) c;
    }
  }

  /** Walks the name at {@code at}, writing its text to {@code out} unless null; returns its length. */
  private static int written(byte[] m, int at, byte[] out) {
    int n = 0;
    while (at < m.length) { // a relative name's canonical form has no root label to end it
      int length = m[at] & 0xff;
      if (length == 0) break;
      if ((length & 0xc0) == 0xc0) {
        at = ((length & 0x3f) << 8) | (m[at + 1] & 0xff);
        continue;
      }
      if (n > 0) {
        if (out != null) out[n] = '.';
        n++;
      }
      for (int j = at + 1, end = at + 1 + length; j < end; j++) {
        int b = m[j] & 0xff;
        byte plain = PLAIN[b];
        if (plain != 0) {
          if (out != null) out[n] = plain;
          n++;
        } else {
          if (out != null) {
            out[n] = '\\';
            out[n + 1] = (byte) ('0' + b / 100);
            out[n + 2] = (byte) ('0' + b / 10 % 10);
            out[n + 3] = (byte) ('0' + b % 10);
          }
          n += 4;
        }
      }
      at += 1 + length;
    }
    return n;
  }

  /** The first {@code n} labels of a sanitised FQDN: the displayed host name. */
  public static String leadingLabels(String fqdn, int n) {
    int end = -1;
    for (int i = 0; i < n; i++) {
      end = fqdn.indexOf('.', end + 1);
      if (end < 0) return fqdn;
    }
    return fqdn.substring(0, end);
  }
}
