package org.otactive.probe.wmi.wmio;

/**
 * Encodes {@link WmiClass} and {@link WmiInstance} values as MS-WMIO. Pure and stateless; safe
 * from any thread. {@code WmioDecoder.decode(WmioEncoder.encode(o))} equals {@code o}.
 */
public final class WmioEncoder {
  private WmioEncoder() {}

  /** An EncodingUnit (2.2.1): signature, length, ObjectBlock; what an OBJREF_CUSTOM carries. */
  public static byte[] encode(WmiObject object) {
    throw new UnsupportedOperationException("in progress");
  }

  /** A bare ObjectBlock (2.2.5). */
  public static byte[] encodeObjectBlock(WmiObject object) {
    throw new UnsupportedOperationException("in progress");
  }

  /** An EncodingUnitInstanceNoClass (2.2.3): the instance without its class part. */
  public static byte[] encodeInstanceNoClass(WmiInstance instance) {
    throw new UnsupportedOperationException("in progress");
  }
}
