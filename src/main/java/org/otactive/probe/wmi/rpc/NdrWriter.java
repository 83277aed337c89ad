package org.otactive.probe.wmi.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Marshals NDR 2.0 (C706 chapter 14) little-endian stub data. Alignment is relative to the start
 * of the stub. Deferred pointees are the caller's business: write the pointer now, the pointee
 * where NDR puts it (after the enclosing structure or parameter).
 *
 * <p>Not thread-safe; one writer per stub.
 */
public final class NdrWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int nextReferent = 0x0002_0000;
  private final Map<Object, Integer> fullPointers = new IdentityHashMap<>();

  public NdrWriter align(int n) {
    while (out.size() % n != 0) out.write(0);
    return this;
  }

  public NdrWriter u8(int v) {
    out.write(v);
    return this;
  }

  public NdrWriter u16(int v) {
    align(2);
    out.write(v);
    out.write(v >>> 8);
    return this;
  }

  public NdrWriter u32(int v) {
    align(4);
    for (int i = 0; i < 4; i++) out.write(v >>> (8 * i));
    return this;
  }

  public NdrWriter u64(long v) {
    align(8);
    for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)));
    return this;
  }

  public NdrWriter bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** A GUID: a structure aligned to 4. */
  public NdrWriter uuid(UUID u) {
    align(4);
    return bytes(Guids.encode(u));
  }

  public NdrWriter contextHandle(ContextHandle h) {
    align(4);
    return bytes(h.bytes());
  }

  /**
   * A unique (or embedded ref) pointer: 0 for null, else a fresh referent id. Returns whether the
   * pointee must be written.
   */
  public boolean pointer(boolean present) {
    if (!present) {
      u32(0);
      return false;
    }
    u32(nextReferent);
    nextReferent += 4;
    return true;
  }

  /**
   * A full pointer to {@code target}: the same referent id each time the same object is pointed
   * to. Returns whether the pointee must be written (only its first time, and not for null).
   */
  public boolean fullPointer(Object target) {
    if (target == null) {
      u32(0);
      return false;
    }
    Integer known = fullPointers.get(target);
    if (known != null) {
      u32(known);
      return false;
    }
    fullPointers.put(target, nextReferent);
    return pointer(true);
  }

  /**
   * A conformant varying array of UTF-16 characters ({@code [string] wchar_t*}): maximum count,
   * offset 0, actual count, the characters, with a terminating NUL when {@code terminate}.
   */
  public NdrWriter wideString(String s, boolean terminate) {
    String text = terminate ? s + "\0" : s;
    byte[] chars = text.getBytes(StandardCharsets.UTF_16LE);
    int count = chars.length / 2;
    return conformantVarying(count, 0, count).bytes(chars);
  }

  /**
   * A BSTR (MS-OAUT 2.2.23.2) as a top-level or last-member parameter: a unique pointer to a
   * FLAGGED_WORD_BLOB, whose conformance comes first, then cBytes, clSize and the UTF-16 units,
   * with no terminating NUL. A null {@code s} is a null pointer.
   */
  public NdrWriter bstr(String s) {
    if (!pointer(s != null)) return this;
    byte[] chars = s.getBytes(StandardCharsets.UTF_16LE);
    int units = chars.length / 2;
    return u32(units).u32(chars.length).u32(units).bytes(chars);
  }

  /**
   * A {@code [unique, string] wchar_t*} parameter: a null pointer for null, else the pointer and
   * the NUL-terminated string right after it.
   */
  public NdrWriter uniqueWideString(String s) {
    if (pointer(s != null)) wideString(s, true);
    return this;
  }

  /** A conformant byte array ({@code [size_is(n)] byte[]}): its count, then the bytes. */
  public NdrWriter conformantBytes(byte[] b) {
    return u32(b.length).bytes(b);
  }

  /** The three counts that open a conformant varying array. */
  public NdrWriter conformantVarying(int maxCount, int offset, int actualCount) {
    return u32(maxCount).u32(offset).u32(actualCount);
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
