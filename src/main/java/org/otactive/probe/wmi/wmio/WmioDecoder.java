package org.otactive.probe.wmi.wmio;

/**
 * Decodes MS-WMIO encodings into {@link WmiClass} and {@link WmiInstance} values. Pure and
 * stateless; safe from any thread.
 *
 * <p>Whatever the bytes, it returns a value or throws {@link WmioFormatException}: every offset,
 * length and count is checked against the bytes that are there before anything is allocated, and
 * nesting (embedded objects, method signatures) is limited to {@link #MAX_DEPTH} levels.
 */
public final class WmioDecoder {
  /** The deepest nesting of objects inside objects the decoder follows. */
  public static final int MAX_DEPTH = 16;

  private WmioDecoder() {}

  /**
   * An EncodingUnit (2.2.1): signature 0x12345678, ObjectEncodingLength, ObjectBlock, as in the
   * OBJREF_CUSTOM of an IWbemClassObject (MS-WMI 2.2.4) and in IEnumWbemClassObject::Next answers.
   */
  public static WmiObject decode(byte[] encodingUnit) throws WmioFormatException {
    throw new UnsupportedOperationException("in progress");
  }

  /** A bare ObjectBlock (2.2.5), e.g. the EncodingUnitObjectBlock of MS-WMI 2.2.14.2/2.2.14.3. */
  public static WmiObject decodeObjectBlock(byte[] data, int offset, int length) throws WmioFormatException {
    throw new UnsupportedOperationException("in progress");
  }

  /**
   * An EncodingUnitInstanceNoClass (2.2.3, MS-WMI 2.2.14.4): an instance whose class part was
   * sent before, with another instance of the same class.
   */
  public static WmiInstance decodeInstanceNoClass(byte[] data, int offset, int length, WmiClass wmiClass)
      throws WmioFormatException {
    throw new UnsupportedOperationException("in progress");
  }
}
