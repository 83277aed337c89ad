package org.otactive.passive;

/** Text from imported files made safe to store and show on one line. */
final class Text {
  private Text() {}

  /** Control characters become '?', surrounding blanks go, and the text is cut at {@code max}. */
  static String clean(String s, int max) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    s.strip().codePoints().limit(max).forEach(c -> sb.appendCodePoint(Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT ? '?' : c));
    return sb.toString();
  }

  /** A MAC address (48-bit number) as lower-case colon-separated hex. */
  static String mac(long mac) {
    StringBuilder sb = new StringBuilder(17);
    for (int i = 5; i >= 0; i--) {
      int b = (int) (mac >>> (8 * i)) & 0xFF;
      sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
      if (i > 0) sb.append(':');
    }
    return sb.toString();
  }
}
