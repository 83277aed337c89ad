package org.otactive.probe.wmi.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Unmarshals NDR 2.0 little-endian stub data. Every read checks the bounds and every count is
 * checked against what is left, so hostile data ends in {@link NdrException}, never in a runtime
 * exception or a huge allocation.
 *
 * <p>Not thread-safe; one reader per stub.
 */
public final class NdrReader {
  private final byte[] b;
  private int at;

  public NdrReader(byte[] stub) {
    this.b = stub;
  }

  public int position() {
    return at;
  }

  public int remaining() {
    return b.length - at;
  }

  private void need(long n, String what) throws NdrException {
    if (n < 0 || at + n > b.length) {
      throw new NdrException("NDR data ends at byte " + b.length + ", " + what + " needs " + n + " at " + at);
    }
  }

  public NdrReader align(int n) throws NdrException {
    int pad = (n - at % n) % n;
    need(pad, "alignment");
    at += pad;
    return this;
  }

  public int u8() throws NdrException {
    need(1, "a byte");
    return b[at++] & 0xFF;
  }

  public int u16() throws NdrException {
    align(2);
    need(2, "a short");
    int v = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    at += 2;
    return v;
  }

  public int u32() throws NdrException {
    align(4);
    need(4, "a long");
    int v = 0;
    for (int i = 3; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFF);
    at += 4;
    return v;
  }

  public long u64() throws NdrException {
    align(8);
    need(8, "a hyper");
    long v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFFL);
    at += 8;
    return v;
  }

  public byte[] bytes(long n) throws NdrException {
    need(n, "a byte array");
    byte[] out = Arrays.copyOfRange(b, at, at + (int) n);
    at += (int) n;
    return out;
  }

  public UUID uuid() throws NdrException {
    align(4);
    need(16, "a GUID");
    UUID u = Guids.decode(b, at);
    at += 16;
    return u;
  }

  public ContextHandle contextHandle() throws NdrException {
    align(4);
    return new ContextHandle(bytes(ContextHandle.LENGTH));
  }

  /** A unique or full pointer's referent id (0 for null). */
  public int pointer() throws NdrException {
    return u32();
  }

  /**
   * A count that sizes what follows: it must be non-negative and fit in the bytes left at
   * {@code elementSize} bytes an element.
   */
  public int count(String what, int elementSize) throws NdrException {
    long n = u32() & 0xFFFF_FFFFL;
    if (n * Math.max(1, elementSize) > remaining()) {
      throw new NdrException(what + " of " + n + " elements cannot fit in the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  /** The counts of a conformant varying array: returns the actual count, after checking offset and bounds. */
  public int conformantVarying(String what, int elementSize) throws NdrException {
    long max = u32() & 0xFFFF_FFFFL;
    long offset = u32() & 0xFFFF_FFFFL;
    long actual = u32() & 0xFFFF_FFFFL;
    if (offset + actual > max) {
      throw new NdrException(what + ": offset " + offset + " + actual count " + actual + " exceeds maximum " + max);
    }
    if (actual * elementSize > remaining()) {
      throw new NdrException(what + " of " + actual + " elements cannot fit in the " + remaining() + " bytes left");
    }
    return (int) actual;
  }

  /** A {@code [string] wchar_t*} pointee; a terminating NUL is dropped. */
  public String wideString() throws NdrException {
    int n = conformantVarying("wide string", 2);
    String s = new String(bytes(2L * n), StandardCharsets.UTF_16LE);
    return s.endsWith("\0") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * A BSTR (MS-OAUT 2.2.23.2): a unique pointer to a FLAGGED_WORD_BLOB. Returns null for a null
   * pointer or a null BSTR (cBytes 0xFFFFFFFF).
   */
  public String bstr() throws NdrException {
    if (pointer() == 0) return null;
    int max = count("BSTR", 2);
    long bytes = u32() & 0xFFFF_FFFFL;
    int units = u32();
    if (units != max) throw new NdrException("BSTR clSize " + Integer.toUnsignedString(units) + " differs from its conformance " + max);
    byte[] data = bytes(2L * units);
    if (bytes == 0xFFFF_FFFFL && units == 0) return null;
    if (bytes > 2L * units) throw new NdrException("BSTR cBytes " + bytes + " exceeds its " + units + " units");
    return new String(data, 0, (int) bytes & ~1, StandardCharsets.UTF_16LE);
  }

  /** A {@code [unique, string] wchar_t*}: null for a null pointer. */
  public String uniqueWideString() throws NdrException {
    return pointer() == 0 ? null : wideString();
  }

  /** A conformant byte array ({@code [size_is(n)] byte[]}). */
  public byte[] conformantBytes(String what) throws NdrException {
    return bytes(count(what, 1));
  }

  /** Fails unless every byte has been read: a sign the layout was misunderstood. */
  public void expectEnd() throws NdrException {
    if (at != b.length) throw new NdrException((b.length - at) + " bytes left after the last field");
  }
}
