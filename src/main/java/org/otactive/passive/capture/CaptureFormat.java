package org.otactive.passive.capture;

import java.util.Optional;

/** The capture formats otactive reads, recognised from a file's first bytes, never its name. */
public enum CaptureFormat {
  /** libpcap, microsecond or nanosecond time stamps, either byte order. */
  PCAP,
  /** pcapng (a Section Header Block first). */
  PCAPNG;

  /** Block type of the pcapng Section Header Block, the same in either byte order. */
  static final int PCAPNG_SHB = 0x0A0D0D0A;

  /** The format the first four bytes announce, if they announce one. */
  public static Optional<CaptureFormat> of(byte[] head) {
    if (head.length < 4) return Optional.empty();
    long be = Bytes.be32(head, 0);
    if (be == PCAPNG_SHB) return Optional.of(PCAPNG);
    long le = Bytes.le32(head, 0);
    for (long magic : new long[] {PcapReader.MAGIC_MICROS, PcapReader.MAGIC_NANOS}) {
      if (be == magic || le == magic) return Optional.of(PCAP);
    }
    return Optional.empty();
  }
}
