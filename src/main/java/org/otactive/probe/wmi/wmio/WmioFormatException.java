package org.otactive.probe.wmi.wmio;

/**
 * Bytes that are not a valid MS-WMIO encoding. The only exception the decoder throws, whatever
 * the bytes; the message names what is wrong and the offset (from the start of the decoded input).
 */
public final class WmioFormatException extends Exception {
  private final String what;
  private final int offset;

  public WmioFormatException(String what, int offset) {
    super(what + " (at offset " + offset + ")");
    this.what = what;
    this.offset = offset;
  }

  /** The same problem, said of a part of something: "{@code context}: what". */
  WmioFormatException within(String context) {
    WmioFormatException e = new WmioFormatException(context + ": " + what, offset);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** Where in the input the problem is. */
  public int offset() {
    return offset;
  }
}
