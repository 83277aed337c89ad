package org.otactive.probe.wmi.wmio;

/**
 * Bytes that are not a valid MS-WMIO encoding. The only exception the decoder throws, whatever
 * the bytes; the message names what is wrong and the offset (from the start of the decoded input).
 */
public final class WmioFormatException extends Exception {
  private final int offset;

  public WmioFormatException(String what, int offset) {
    super(what + " (at offset " + offset + ")");
    this.offset = offset;
  }

  /** Where in the input the problem is. */
  public int offset() {
    return offset;
  }
}
