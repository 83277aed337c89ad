package org.otactive.passive.capture;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads pcapng files (draft-ietf-opsawg-pcapng): sections, interfaces with their link type and
 * time-stamp resolution, and the frames of Enhanced, Simple and (obsolete) Packet Blocks. Other
 * blocks are skipped without being held in memory.
 *
 * <p>A block is damage when its length is below the minimum, not a multiple of four, beyond
 * {@link #MAX_BLOCK}, or differs from the copy at its end; when a frame names an interface the
 * section has not described; or when it ends before its length says. The reader then stops at the
 * block's first byte.
 */
public final class PcapngReader implements CaptureReader {
  static final int SHB = CaptureFormat.PCAPNG_SHB;
  static final int IDB = 1;
  static final int PB = 2;
  static final int SPB = 3;
  static final int EPB = 6;
  static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;
  /** Blocks larger than this are taken for damage; a frame block is never near it. */
  static final int MAX_BLOCK = 16 << 20;

  private record Interface(int linkType, long snapLength, boolean binary, int exponent, long offsetSeconds) {}

  private static final long[] POWERS = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
      1_000_000_000};

  private final Input in;
  private final byte[] head = new byte[12];
  private final List<Interface> interfaces = new ArrayList<>();
  private boolean bigEndian;
  private boolean inSection;
  private boolean ended;
  private long count;
  private Damage damage;

  PcapngReader(InputStream in) {
    this.in = new Input(in);
  }

  @Override
  public Frame next() throws IOException {
    while (!ended) {
      long at = in.offset();
      int got = in.read(head, 0, 8);
      if (got == 0) return end(null);
      if (got < 8) return end(new Damage(at, "truncated block header (" + got + " of 8 bytes)"));
      int type = (int) Bytes.u32(head, 0, bigEndian);
      if (type == SHB || !inSection) {
        if (type != SHB && Bytes.be32(head, 0) != SHB) return end(new Damage(at, "no section header block"));
        if (in.read(head, 8, 4) < 4) return end(new Damage(at, "truncated section header block"));
        long magic = Bytes.be32(head, 8);
        if (magic == BYTE_ORDER_MAGIC) bigEndian = true;
        else if (Bytes.le32(head, 8) == BYTE_ORDER_MAGIC) bigEndian = false;
        else return end(new Damage(at, "corrupt section header block: unknown byte-order magic"));
        long total = Bytes.u32(head, 4, bigEndian);
        if (!plausible(total, 28)) return end(badLength(at, total));
        interfaces.clear();
        inSection = true;
        if (!skipRest(at, total, 12)) return null;
        continue;
      }
      long total = Bytes.u32(head, 4, bigEndian);
      if (!plausible(total, 12)) return end(badLength(at, total));
      switch (type) {
        case IDB, EPB, SPB, PB -> {
          byte[] body = new byte[(int) total - 8];
          int read = in.read(body, 0, body.length);
          if (read < body.length) return end(new Damage(at, "truncated block (" + (read + 8) + " of " + total + " bytes)"));
          if (Bytes.u32(body, body.length - 4, bigEndian) != total) {
            return end(new Damage(at, "corrupt block: trailing length differs from " + total));
          }
          int length = body.length - 4; // without the trailing length
          if (type == IDB) {
            if (!addInterface(at, body, length)) return null;
            continue;
          }
          return frame(at, type, body, length);
        }
        default -> {
          if (!skipRest(at, total, 8)) return null;
        }
      }
    }
    return null;
  }

  private static boolean plausible(long total, int minimum) {
    return total >= minimum && total % 4 == 0 && total <= MAX_BLOCK;
  }

  private static Damage badLength(long at, long total) {
    return new Damage(at, "corrupt block: length " + total);
  }

  /** Skips a block's body and checks its trailing length. */
  private boolean skipRest(long at, long total, int read) throws IOException {
    long rest = total - read - 4;
    if (in.skip(rest) < rest || in.read(head, 0, 4) < 4) {
      end(new Damage(at, "truncated block (" + (in.offset() - at) + " of " + total + " bytes)"));
      return false;
    }
    if (Bytes.u32(head, 0, bigEndian) != total) {
      end(new Damage(at, "corrupt block: trailing length differs from " + total));
      return false;
    }
    return true;
  }

  private boolean addInterface(long at, byte[] b, int length) {
    if (length < 8) {
      end(new Damage(at, "corrupt interface description block"));
      return false;
    }
    int linkType = Bytes.u16(b, 0, bigEndian);
    long snap = Bytes.u32(b, 4, bigEndian);
    boolean binary = false;
    int exponent = 6;
    long offsetSeconds = 0;
    int p = 8;
    while (p + 4 <= length) {
      int code = Bytes.u16(b, p, bigEndian);
      int len = Bytes.u16(b, p + 2, bigEndian);
      if (code == 0 || p + 4 + len > length) break;
      if (code == 9 && len == 1) { // if_tsresol
        int v = b[p + 4] & 0xFF;
        binary = (v & 0x80) != 0;
        exponent = v & 0x7F;
      } else if (code == 14 && len == 8) { // if_tsoffset
        offsetSeconds = bigEndian ? Bytes.be32(b, p + 4) << 32 | Bytes.be32(b, p + 8)
            : Bytes.le32(b, p + 8) << 32 | Bytes.le32(b, p + 4);
      }
      p += 4 + ((len + 3) & ~3);
    }
    interfaces.add(new Interface(linkType, snap, binary, exponent, offsetSeconds));
    return true;
  }

  private Frame frame(long at, int type, byte[] b, int length) {
    int iface;
    long stamp;
    long captured;
    long original;
    int dataAt;
    switch (type) {
      case EPB -> {
        if (length < 20) return end(new Damage(at, "corrupt enhanced packet block"));
        iface = (int) Math.min(Integer.MAX_VALUE, Bytes.u32(b, 0, bigEndian));
        stamp = Bytes.u32(b, 4, bigEndian) << 32 | Bytes.u32(b, 8, bigEndian);
        captured = Bytes.u32(b, 12, bigEndian);
        original = Bytes.u32(b, 16, bigEndian);
        dataAt = 20;
      }
      case PB -> {
        if (length < 20) return end(new Damage(at, "corrupt packet block"));
        iface = Bytes.u16(b, 0, bigEndian);
        stamp = Bytes.u32(b, 4, bigEndian) << 32 | Bytes.u32(b, 8, bigEndian);
        captured = Bytes.u32(b, 12, bigEndian);
        original = Bytes.u32(b, 16, bigEndian);
        dataAt = 20;
      }
      default -> { // SPB: no time stamp, captured bytes up to the block's end or the snapshot length
        if (length < 4) return end(new Damage(at, "corrupt simple packet block"));
        iface = 0;
        stamp = -1;
        original = Bytes.u32(b, 0, bigEndian);
        captured = Math.min(original, length - 4);
        dataAt = 4;
      }
    }
    if (iface >= interfaces.size()) {
      return end(new Damage(at, "corrupt block: frame of undescribed interface " + iface));
    }
    Interface i = interfaces.get(iface);
    if (type == SPB && i.snapLength() > 0) captured = Math.min(captured, i.snapLength());
    if (captured > length - dataAt || captured > MAX_FRAME * 4L) {
      return end(new Damage(at, "corrupt block: captured length " + captured + " exceeds the block"));
    }
    byte[] data = java.util.Arrays.copyOfRange(b, dataAt, dataAt + (int) captured);
    long nanos = stamp < 0 ? 0 : toNanos(stamp, i) + i.offsetSeconds() * 1_000_000_000L;
    return new Frame(++count, at, nanos, i.linkType(), data, Math.max(original, captured));
  }

  /** A time stamp in the interface's units (10^-n or 2^-n seconds) as nanoseconds. */
  static long toNanos(long stamp, Interface i) {
    if (!i.binary() && i.exponent() <= 9 && stamp >= 0) {
      long scale = POWERS[9 - i.exponent()];
      if (stamp <= Long.MAX_VALUE / scale) return stamp * scale;
    }
    BigInteger units = new BigInteger(Long.toUnsignedString(stamp));
    BigInteger n;
    if (i.binary()) {
      n = units.multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(i.exponent());
    } else if (i.exponent() <= 9) {
      n = units.multiply(BigInteger.TEN.pow(9 - i.exponent()));
    } else {
      n = units.divide(BigInteger.TEN.pow(Math.min(i.exponent(), 60) - 9));
    }
    return n.bitLength() < 63 ? n.longValue() : Long.MAX_VALUE;
  }

  private Frame end(Damage d) {
    ended = true;
    if (d != null) damage = d;
    return null;
  }

  @Override
  public Optional<Damage> damage() {
    return Optional.ofNullable(damage);
  }
}
