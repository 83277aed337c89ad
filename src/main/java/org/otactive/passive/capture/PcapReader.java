package org.otactive.passive.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads libpcap files: a 24-byte file header, then per frame a 16-byte record header and the
 * captured bytes (draft-ietf-opsawg-pcap). Time stamps are in microseconds or, with the magic
 * 0xA1B23C4D, nanoseconds; the magic's byte order is the file's.
 *
 * <p>A record whose captured length exceeds the file's snapshot length and {@link #MAX_FRAME}, or
 * whose sub-second part is not below one second, is damage: that is what a cut or misaligned file
 * looks like, and reading on would only produce garbage frames.
 */
public final class PcapReader implements CaptureReader {
  static final long MAGIC_MICROS = 0xA1B2C3D4L;
  static final long MAGIC_NANOS = 0xA1B23C4DL;

  private final Input in;
  private final byte[] header = new byte[24];
  private boolean bigEndian;
  private boolean nanos;
  private int linkType;
  private long snapLength;
  private boolean started;
  private boolean ended;
  private long count;
  private Damage damage;

  PcapReader(InputStream in) {
    this.in = new Input(in);
  }

  @Override
  public Frame next() throws IOException {
    if (ended) return null;
    if (!started && !readFileHeader()) return end(null);
    started = true;
    long at = in.offset();
    int got = in.read(header, 0, 16);
    if (got == 0) return end(null);
    if (got < 16) return end(new Damage(at, "truncated record header (" + got + " of 16 bytes)"));
    long seconds = Bytes.u32(header, 0, bigEndian);
    long fraction = Bytes.u32(header, 4, bigEndian);
    long captured = Bytes.u32(header, 8, bigEndian);
    long original = Bytes.u32(header, 12, bigEndian);
    if (captured > Math.max(snapLength, MAX_FRAME) || captured > MAX_FRAME * 4L) {
      return end(new Damage(at, "corrupt record: captured length " + captured + " exceeds the snapshot length "
          + snapLength));
    }
    if (fraction >= (nanos ? 1_000_000_000L : 1_000_000L)) {
      return end(new Damage(at, "corrupt record: sub-second time stamp " + fraction + " out of range"));
    }
    byte[] data = new byte[(int) captured];
    int read = in.read(data, 0, data.length);
    if (read < data.length) {
      return end(new Damage(at, "truncated frame " + (count + 1) + " (" + read + " of " + captured + " bytes)"));
    }
    long epochNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
    return new Frame(++count, at, epochNanos, linkType, data, Math.max(original, captured));
  }

  private boolean readFileHeader() throws IOException {
    int got = in.read(header, 0, 24);
    if (got < 24) {
      damage = new Damage(0, "truncated pcap file header (" + got + " of 24 bytes)");
      return false;
    }
    long be = Bytes.be32(header, 0);
    bigEndian = be == MAGIC_MICROS || be == MAGIC_NANOS;
    long magic = Bytes.u32(header, 0, bigEndian);
    if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
      damage = new Damage(0, "not a pcap file header");
      return false;
    }
    nanos = magic == MAGIC_NANOS;
    snapLength = Bytes.u32(header, 16, bigEndian);
    // The upper bits may carry the FCS length (draft-ietf-opsawg-pcap §4); the link type is below.
    linkType = (int) (Bytes.u32(header, 20, bigEndian) & 0xFFFF);
    return true;
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
