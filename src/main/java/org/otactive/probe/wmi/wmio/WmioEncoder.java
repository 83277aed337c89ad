package org.otactive.probe.wmi.wmio;

/**
 * Encodes {@link WmiClass} and {@link WmiInstance} values as MS-WMIO. Pure and stateless; safe
 * from any thread. {@code WmioDecoder.decode(WmioEncoder.encode(o))} equals {@code o}.
 *
 * <p>Heaps are written compact, each starting with its class name, with dictionary references
 * (2.2.80) for qualifier names only: that is where Windows uses them, and readers that know the
 * dictionary only for names (impacket) then read every value. Random padding fields are zero.
 *
 * <p>Every method throws {@link IllegalArgumentException} for what MS-WMIO cannot carry: a NUL
 * character in a string, a derived class without its {@link WmiClass#parent()} (its ClassType
 * needs the parent's parts; its instances do not), more than 65,535 methods.
 */
public final class WmioEncoder {
  private WmioEncoder() {}

  /** An EncodingUnit (2.2.1): signature, length, ObjectBlock; what an OBJREF_CUSTOM carries. */
  public static byte[] encode(WmiObject object) {
    return ObjectWriter.encodingUnit(object);
  }

  /** A bare ObjectBlock (2.2.5). */
  public static byte[] encodeObjectBlock(WmiObject object) {
    return ObjectWriter.objectBlock(object);
  }

  /** An EncodingUnitInstanceNoClass (2.2.3): the instance without its class part. */
  public static byte[] encodeInstanceNoClass(WmiInstance instance) {
    return ObjectWriter.instanceNoClass(instance);
  }
}
