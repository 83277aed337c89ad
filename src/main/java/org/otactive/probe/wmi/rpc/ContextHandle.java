package org.otactive.probe.wmi.rpc;

import java.util.Arrays;
import java.util.HexFormat;

/** An RPC context handle (C706 policy handle): 20 opaque bytes the server gave out. */
public record ContextHandle(byte[] bytes) {
  public static final int LENGTH = 20;

  public ContextHandle {
    if (bytes.length != LENGTH) throw new IllegalArgumentException("a context handle has 20 bytes");
    bytes = bytes.clone();
  }

  public static ContextHandle nil() {
    return new ContextHandle(new byte[LENGTH]);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public boolean isNil() {
    return Arrays.equals(bytes, new byte[LENGTH]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContextHandle h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ContextHandle[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
