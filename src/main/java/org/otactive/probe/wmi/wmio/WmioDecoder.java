package org.otactive.probe.wmi.wmio;

import java.util.Objects;

/**
 * Decodes MS-WMIO encodings into {@link WmiClass} and {@link WmiInstance} values. Pure and
 * stateless; safe from any thread.
 *
 * <p>Whatever the bytes, it returns a value or throws {@link WmioFormatException}: every offset,
 * length and count is checked against the bytes that are there before anything is allocated, and
 * nesting (embedded objects, method signatures) is limited to {@link #MAX_DEPTH} levels.
 * Strings come back exactly as the peer sent them; sanitise them before storing or showing them.
 *
 * <pre>{@code
 * switch (WmioDecoder.decode(objRefCustomData)) {
 *   case WmiInstance i -> i.value("Caption").asString();   // class defaults filled in
 *   case WmiClass c -> c.method("EnumKey").in();            // a __PARAMETERS class
 * }
 * }</pre>
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
    ObjectReader r = new ObjectReader(encodingUnit);
    int signature = r.u32(0, encodingUnit.length, "EncodingUnit Signature");
    if (signature != ObjectWriter.SIGNATURE) {
      throw new WmioFormatException("EncodingUnit Signature is 0x" + Integer.toHexString(signature)
          + ", not 0x12345678", 0);
    }
    long length = r.u32(4, encodingUnit.length, "ObjectEncodingLength") & 0xFFFF_FFFFL;
    // The ObjectBlock is self-delimiting, and the length only an upper bound for it: section 3's
    // first example declares 0xD0 octets and carries 0xC0. So read within whichever ends first.
    return r.objectBlock(8, (int) Math.min(encodingUnit.length, 8 + length), 0);
  }

  /** A bare ObjectBlock (2.2.5), e.g. the EncodingUnitObjectBlock of MS-WMI 2.2.14.2/2.2.14.3. */
  public static WmiObject decodeObjectBlock(byte[] data, int offset, int length) throws WmioFormatException {
    Objects.checkFromIndexSize(offset, length, data.length);
    return new ObjectReader(data).objectBlock(offset, offset + length, 0);
  }

  /**
   * An EncodingUnitInstanceNoClass (2.2.3, MS-WMI 2.2.14.4): an instance whose class part was
   * sent before, with another instance of the same class. The class's ValueTable layout is
   * recomputed from {@code wmiClass} in declaration order, as WMI lays it out.
   */
  public static WmiInstance decodeInstanceNoClass(byte[] data, int offset, int length, WmiClass wmiClass)
      throws WmioFormatException {
    Objects.checkFromIndexSize(offset, length, data.length);
    return new ObjectReader(data).instanceNoClass(offset, offset + length, wmiClass);
  }
}
