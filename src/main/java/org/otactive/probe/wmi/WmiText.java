package org.otactive.probe.wmi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Turns strings from a Windows host into text that is safe to store and show: control and format
 * characters (bidirectional overrides included) and lone surrogates become spaces, runs of spaces
 * collapse, markup brackets become look-alike quotation marks, and the length is capped. Pure.
 */
public final class WmiText {
  private WmiText() {}

  /** The longest value kept, in characters; longer ones end in an ellipsis. */
  public static final int MAX_LENGTH = 512;

  public static String sanitize(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 1));
    boolean space = false;
    for (int i = 0; i < s.length() && out.length() <= MAX_LENGTH; i++) {
      char c = s.charAt(i);
      int type = Character.getType(c);
      boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1)));
      if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) lone = false;
      if (Character.isWhitespace(c) || type == Character.CONTROL || type == Character.FORMAT || lone
          || Character.isSpaceChar(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) out.append(' ');
      space = false;
      out.append(c == '<' ? '\u2039' : c == '>' ? '\u203a' : c);
    }
    if (out.length() > MAX_LENGTH) {
      out.setLength(MAX_LENGTH - 1);
      if (Character.isHighSurrogate(out.charAt(out.length() - 1))) out.setLength(out.length() - 1);
      out.append('\u2026');
    }
    return out.toString();
  }

  /**
   * A CIM DATETIME ({@code yyyymmddHHMMSS.mmmmmmsUUU}, the offset in minutes) as ISO 8601, e.g.
   * {@code 2023-04-12T09:30:15+02:00}; empty when it is not one (an interval, or unknown fields).
   */
  public static Optional<String> isoDateTime(String cim) {
    if (cim == null || cim.length() != 25 || cim.charAt(14) != '.') return Optional.empty();
    try {
      int sign = switch (cim.charAt(21)) {
        case '+' -> 1;
        case '-' -> -1;
        default -> 0;
      };
      if (sign == 0) return Optional.empty();
      int minutes = Integer.parseInt(cim.substring(22, 25));
      OffsetDateTime t = OffsetDateTime.of(Integer.parseInt(cim.substring(0, 4)), Integer.parseInt(cim.substring(4, 6)),
          Integer.parseInt(cim.substring(6, 8)), Integer.parseInt(cim.substring(8, 10)),
          Integer.parseInt(cim.substring(10, 12)), Integer.parseInt(cim.substring(12, 14)), 0,
          ZoneOffset.ofTotalSeconds(sign * minutes * 60));
      return Optional.of(t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A registry install date {@code yyyymmdd} as {@code yyyy-mm-dd}; anything else sanitised as is. */
  public static String registryDate(String s) {
    if (s != null && s.matches("(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])")) {
      return s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6, 8);
    }
    return sanitize(s);
  }

  /** A MAC address as {@code 00:1b:1b:4a:2c:10}; empty when the text is not six octets. */
  public static Optional<String> mac(String s) {
    if (s == null) return Optional.empty();
    String hex = s.replaceAll("[:\\-. ]", "").toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{12}")) return Optional.empty();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 12; i += 2) out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
    return Optional.of(out.toString());
  }
}
