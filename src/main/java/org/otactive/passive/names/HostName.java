package org.otactive.passive.names;

/**
 * Turns a name heard on the network into text safe to store and show: letters (lower-cased),
 * digits, '-' and '_' pass, as does '.' between labels; every other byte becomes the master-file
 * escape {@code \DDD} (RFC 1035 §5.1), so markup and control characters never reach the store raw.
 * Names are cut at 255 bytes.
 */
public final class HostName {
  static final int MAX = 255;

  private HostName() {}

  /** A name given as bytes, e.g. a DHCP host name or an LLDP system name; null when empty. */
  public static String clean(byte[] raw) {
    int end = raw.length;
    while (end > 0 && (raw[end - 1] == 0 || raw[end - 1] == ' ' || raw[end - 1] == '.')) end--; // padding, root dot
    if (end == 0) return null;
    StringBuilder sb = new StringBuilder(end + 8);
    for (int i = 0; i < Math.min(end, MAX); i++) append(sb, raw[i] & 0xFF, true);
    return sb.toString();
  }

  /** A DNS name given as its labels; a '.' inside a label is escaped. */
  public static String ofLabels(java.util.List<byte[]> labels) {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (byte[] label : labels) {
      if (label.length == 0) continue;
      if (sb.length() > 0) sb.append('.');
      for (byte x : label) {
        if (bytes++ >= MAX) return sb.toString();
        append(sb, x & 0xFF, false);
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void append(StringBuilder sb, int b, boolean dotsAllowed) {
    if (b >= 'A' && b <= 'Z') sb.append((char) (b + 32));
    else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || (dotsAllowed && b == '.')) {
      sb.append((char) b);
    } else {
      sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
    }
  }
}
