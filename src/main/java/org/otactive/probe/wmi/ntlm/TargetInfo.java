package org.otactive.probe.wmi.ntlm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AV_PAIR list a server sends in its CHALLENGE (MS-NLMP 2.2.2.1), without the closing
 * MsvAvEOL, which {@link #encode} adds back.
 */
public record TargetInfo(List<AvPair> pairs) {
  /** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
  public static final int FLAG_MIC_PRESENT = 0x2;

  public TargetInfo {
    pairs = List.copyOf(pairs);
    if (pairs.stream().anyMatch(p -> p.id() == AvPair.EOL)) {
      throw new IllegalArgumentException("MsvAvEOL is implied, not listed");
    }
  }

  public static TargetInfo empty() {
    return new TargetInfo(List.of());
  }

  public Optional<AvPair> find(int id) {
    return pairs.stream().filter(p -> p.id() == id).findFirst();
  }

  /** The server's MsvAvTimestamp (FILETIME), when it sent a well-formed one. */
  public Optional<Long> timestamp() {
    return find(AvPair.TIMESTAMP).filter(p -> p.value().length == 8).map(p -> Bytes.le64(p.value(), 0));
  }

  public Optional<String> text(int id) {
    return find(id).map(AvPair::text);
  }

  /** This list with {@code flag} set in MsvAvFlags (added when absent), as a client echoes it. */
  public TargetInfo withFlag(int flag) {
    List<AvPair> out = new ArrayList<>();
    boolean done = false;
    for (AvPair p : pairs) {
      if (p.id() == AvPair.FLAGS && p.value().length == 4) {
        out.add(new AvPair(AvPair.FLAGS, Bytes.le32(Bytes.le32(p.value(), 0) | flag)));
        done = true;
      } else {
        out.add(p);
      }
    }
    if (!done) out.add(new AvPair(AvPair.FLAGS, Bytes.le32(flag)));
    return new TargetInfo(out);
  }

  /** The wire form, closed by MsvAvEOL. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (AvPair p : pairs) {
      byte[] v = p.value();
      out.writeBytes(Bytes.le16(p.id()));
      out.writeBytes(Bytes.le16(v.length));
      out.writeBytes(v);
    }
    out.writeBytes(new byte[4]);
    return out.toByteArray();
  }

  /** Reads a TargetInfo field; it must end with MsvAvEOL. */
  public static TargetInfo decode(byte[] bytes) throws NtlmFormatException {
    List<AvPair> pairs = new ArrayList<>();
    int at = 0;
    while (true) {
      if (at + 4 > bytes.length) throw new NtlmFormatException("TargetInfo ends without MsvAvEOL");
      int id = Bytes.le16(bytes, at);
      int len = Bytes.le16(bytes, at + 2);
      at += 4;
      if (id == AvPair.EOL) return new TargetInfo(pairs);
      if (at + len > bytes.length) throw new NtlmFormatException("AvPair " + id + " runs past TargetInfo");
      pairs.add(new AvPair(id, java.util.Arrays.copyOfRange(bytes, at, at + len)));
      at += len;
    }
  }
}
