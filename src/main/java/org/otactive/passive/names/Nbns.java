package org.otactive.passive.names;

import java.util.ArrayList;
import java.util.List;
import org.otactive.passive.capture.Bytes;
import org.otactive.passive.capture.Ip;

/**
 * NetBIOS name service over UDP (RFC 1002 §4.2): the unique workstation (suffix 0x00) and server
 * (0x20) names a host registers, refreshes or is answered for, with their addresses. Names are
 * first-level encoded (RFC 1001 §14.1): 32 letters 'A'-'P', one per half byte of the 16-byte name.
 */
public final class Nbns {
  /** A name and the address it belongs to. */
  public record Binding(byte[] name, Ip address) {}

  private Nbns() {}

  /** The bindings a name registration, refresh or positive query response states; empty when none. */
  public static List<Binding> read(byte[] b, int at, int length) {
    List<Binding> out = new ArrayList<>();
    int end = at + length;
    if (length < 12) return out;
    int flags = Bytes.be16(b, at + 2);
    boolean response = (flags & 0x8000) != 0;
    int opcode = (flags >> 11) & 0x0F;
    int questions = Bytes.be16(b, at + 4);
    int answers = Bytes.be16(b, at + 6);
    int authority = Bytes.be16(b, at + 8);
    int additional = Bytes.be16(b, at + 10);
    boolean registration = !response && (opcode == 5 || opcode == 8 || opcode == 9 || opcode == 15);
    boolean positiveAnswer = response && opcode == 0 && (flags & 0x0F) == 0 && answers > 0;
    if (!registration && !positiveAnswer) return out;
    int p = at + 12;
    byte[] questionName = null;
    for (int i = 0; i < questions; i++) {
      int[] next = {p};
      byte[] name = name(b, at, next, end);
      if (next[0] < 0 || next[0] + 4 > end) return out;
      if (questionName == null) questionName = name;
      p = next[0] + 4;
    }
    int records = answers + authority + additional;
    for (int i = 0; i < records && i < 16; i++) {
      int[] next = {p};
      byte[] name = name(b, at, next, end);
      p = next[0];
      if (p < 0 || p + 10 > end) return out;
      int type = Bytes.be16(b, p);
      int rdLength = Bytes.be16(b, p + 8);
      int rd = p + 10;
      if (rd + rdLength > end) return out;
      if (type == 0x20 && name != null) {
        for (int e = rd; e + 6 <= rd + rdLength; e += 6) {
          boolean group = (Bytes.be16(b, e) & 0x8000) != 0;
          int suffix = name[15] & 0xFF;
          Ip ip = Ip.v4(b, e + 2);
          if (!group && (suffix == 0x00 || suffix == 0x20) && ip.isUnicast()) {
            out.add(new Binding(java.util.Arrays.copyOf(name, 15), ip));
          }
        }
      }
      p = rd + rdLength;
    }
    return out;
  }

  /** Reads a name at {@code next[0]} (a label or a pointer), sets next[0] past it (-1 on error). */
  private static byte[] name(byte[] b, int msg, int[] next, int end) {
    int p = next[0];
    if (p >= end) {
      next[0] = -1;
      return null;
    }
    int len = b[p] & 0xFF;
    if ((len & 0xC0) == 0xC0) {
      if (p + 2 > end) {
        next[0] = -1;
        return null;
      }
      int[] target = {msg + (Bytes.be16(b, p) & 0x3FFF)};
      next[0] = p + 2;
      if (target[0] >= p) return null; // pointers only point back
      return name(b, msg, target, end);
    }
    byte[] decoded = null;
    if (len == 32 && p + 33 <= end) {
      decoded = new byte[16];
      for (int i = 0; i < 16; i++) {
        int hi = b[p + 1 + 2 * i] - 'A';
        int lo = b[p + 2 + 2 * i] - 'A';
        if (hi < 0 || hi > 15 || lo < 0 || lo > 15) {
          decoded = null;
          break;
        }
        decoded[i] = (byte) (hi << 4 | lo);
      }
    }
    // skip this label and the scope labels up to the terminating zero
    while (p < end && (b[p] & 0xFF) != 0) {
      if ((b[p] & 0xC0) != 0) {
        next[0] = -1;
        return null;
      }
      p += 1 + (b[p] & 0xFF);
    }
    next[0] = p < end ? p + 1 : -1;
    return decoded;
  }
}
