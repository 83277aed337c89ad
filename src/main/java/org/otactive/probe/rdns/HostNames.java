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
    // dnsjava's canonical wire form: the labels in one array, letters already lower-cased. The text
    // is built as Latin-1 bytes: this runs for every name a scan finds.
    byte[] wire = name.toWireCanonical();
    byte[] out = new byte[wire.length * 4];
    int n = 0;
    for (int at = 0; at < wire.length && wire[at] != 0; at += (wire[at] & 0xff) + 1) {
      if (n > 0) out[n++] = '.';
      for (int j = at + 1, end = at + 1 + (wire[at] & 0xff); j < end; j++) {
        int b = wire[j] & 0xff;
        if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_') {
          out[n++] = (byte) b;
        } else {
          out[n++] = '\\';
          out[n++] = (byte) ('0' + b / 100);
          out[n++] = (byte) ('0' + b / 10 % 10);
          out[n++] = (byte) ('0' + b % 10);
        }
      }
    }
    return n == 0 ? "." : new String(out, 0, n, StandardCharsets.ISO_8859_1);
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
