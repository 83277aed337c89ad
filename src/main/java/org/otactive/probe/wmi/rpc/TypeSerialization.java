package org.otactive.probe.wmi.rpc;

/**
 * Type serialization version 1 (MS-RPCE 2.2.6): how a single NDR type travels outside a call, as
 * DCOM's activation properties do. A common header (version 1, little-endian, length 8, filler),
 * a private header (the object buffer's length, a multiple of 8, and a filler), then the type's NDR
 * data padded with zeros to 8 bytes. Pure.
 */
public final class TypeSerialization {
  private TypeSerialization() {}

  /** The two headers' length. */
  public static final int HEADERS_LENGTH = 16;
  private static final int FILLER = 0xcccc_cccc;

  /** Wraps one NDR-marshalled type; the result's length is a multiple of 8. */
  public static byte[] encode(byte[] ndr) {
    int padded = (ndr.length + 7) & ~7;
    NdrWriter w = new NdrWriter();
    w.u8(1).u8(0x10).u16(8).u32(FILLER);
    w.u32(padded).u32(0);
    w.bytes(ndr).bytes(new byte[padded - ndr.length]);
    return w.toByteArray();
  }

  /**
   * Reads the headers at the start of {@code serialized} and returns the object buffer: the NDR
   * data with its padding, as long as the private header says.
   */
  public static byte[] decode(byte[] serialized) throws NdrException {
    NdrReader r = new NdrReader(serialized);
    int version = r.u8();
    int endianness = r.u8();
    int headerLength = r.u16();
    r.u32();
    if (version != 1) throw new NdrException("type serialization version " + version + ", not 1");
    if (endianness != 0x10) {
      throw new NdrException(String.format("type serialization endianness 0x%02x, not little-endian 0x10", endianness));
    }
    if (headerLength != 8) throw new NdrException("type serialization common header length " + headerLength + ", not 8");
    long length = r.u32() & 0xFFFF_FFFFL;
    r.u32();
    if (length > r.remaining()) {
      throw new NdrException("type serialization object buffer of " + length + " bytes, but " + r.remaining() + " follow");
    }
    return r.bytes(length);
  }
}
