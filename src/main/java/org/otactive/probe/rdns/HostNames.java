package org.otactive.probe.rdns;

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
    int labels = name.labels();
    if (name.isAbsolute()) labels--;
    if (labels <= 0) return ".";
    StringBuilder sb = new StringBuilder(name.length() + 8);
    for (int i = 0; i < labels; i++) {
      if (i > 0) sb.append('.');
      byte[] label = name.getLabel(i);
      for (int j = 1; j < label.length; j++) {
        int b = label[j] & 0xff;
        if (b >= 'A' && b <= 'Z') sb.append((char) (b + 32));
        else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_') sb.append((char) b);
        else sb.append('\\').append(String.format("%03d", b));
      }
    }
    return sb.toString();
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
