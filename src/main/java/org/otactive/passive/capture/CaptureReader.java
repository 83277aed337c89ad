package org.otactive.passive.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the frames of a capture file one at a time, holding only the current frame in memory.
 *
 * <p>Hostile or damaged bytes never make a reader throw: it returns the frames up to the damage,
 * then {@code null}, and {@link #damage()} says where and what. Only the stream itself may throw
 * {@link IOException}. Not thread-safe.
 */
public sealed interface CaptureReader permits PcapReader, PcapngReader {
  /** The largest frame accepted (Wireshark's limit for the common link types is 256 KiB). */
  int MAX_FRAME = 262_144;

  /** The next frame, or {@code null} at the end of the file or at damage. */
  Frame next() throws IOException;

  /** The damage that ended reading, if any (empty while reading goes well and at a clean end). */
  Optional<Damage> damage();

  /** A reader of the format the stream's first bytes announce; the stream is read from its start. */
  static CaptureReader open(CaptureFormat format, InputStream in) {
    return switch (format) {
      case PCAP -> new PcapReader(in);
      case PCAPNG -> new PcapngReader(in);
    };
  }
}
