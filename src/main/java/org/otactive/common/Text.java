package org.otactive.common;

/**
 * The one sanitiser for text that reaches a user: values echoed in messages and text that came
 * from the network. Pure and thread-safe.
 */
public final class Text {
  /** Longest value {@link #printable} echoes; longer ones are cut with an ellipsis. */
  public static final int MAX_ECHO = 80;

  private Text() {}

  /**
   * A value fit for a one-line message: control characters become {@code ?}, the text is cut at
   * {@value #MAX_ECHO} code points. {@code null} reads as {@code null}.
   */
  public static String printable(Object value) {
    if (value == null) return "null";
    String s = value.toString();
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_ECHO + 3));
    int[] cps = s.codePoints().toArray();
    for (int i = 0; i < cps.length && i < MAX_ECHO; i++) {
      int c = cps[i];
      if (isControl(c)) sb.append('?');
      else sb.appendCodePoint(c);
    }
    if (cps.length > MAX_ECHO) sb.append("...");
    return sb.toString();
  }

  /** A count and its noun, the noun plural unless the count is one: {@code 1 packet}, {@code 0 packets}. */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code 1 address}, {@code 2 addresses}: for counts of any size and nouns whose plural is not an s. */
  public static String count(java.math.BigInteger n, String one, String many) {
    return n + " " + (n.equals(java.math.BigInteger.ONE) ? one : many);
  }

  /** The first line of a message, made {@link #printable} but not cut (errors may be long). */
  public static String firstLine(String message) {
    if (message == null) return "error";
    String first = message.strip().lines().findFirst().orElse("");
    StringBuilder sb = new StringBuilder(first.length());
    first.codePoints().forEach(c -> sb.appendCodePoint(isControl(c) ? '?' : c));
    return sb.toString();
  }

  /**
   * Text from the network made harmless for a terminal and a file, keeping newlines and tabs:
   * every other control character is written as {@code \DDD} (its code, decimal), so nothing
   * hostile can drive a terminal or hide in a log.
   */
  public static String safe(String text) {
    if (text == null) return "";
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c != '\n' && c != '\t' && isControl(c)) sb.append(String.format("\\%03d", c & 0xff));
      else sb.appendCodePoint(c);
    });
    return sb.toString();
  }

  private static boolean isControl(int c) {
    return c < 0x20 || (c >= 0x7f && c < 0xa0);
  }
}
