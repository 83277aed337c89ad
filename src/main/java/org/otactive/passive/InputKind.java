package org.otactive.passive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.otactive.passive.capture.CaptureFormat;
import org.otactive.scope.AddressSet;
import org.otactive.common.BadInputException;

/** What an input file is, told from its first bytes and never its name. */
enum InputKind {
  PCAP, PCAPNG, CSV;

  static final int HEAD = 8192;

  /**
   * Classifies a file.
   *
   * @throws BadInputException naming the file when it is missing, a folder, or neither a capture
   *     nor a device CSV export
   */
  static InputKind of(Path file) {
    String name = org.otactive.common.Text.printable(file.toString());
    if (!Files.exists(file)) throw new BadInputException(name + ": no such file");
    if (Files.isDirectory(file)) throw new BadInputException(name + ": is a folder");
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD);
    } catch (IOException e) {
      throw new BadInputException(name + ": cannot read: " + e.getMessage());
    }
    Optional<CaptureFormat> capture = CaptureFormat.of(head);
    if (capture.isPresent()) return capture.get() == CaptureFormat.PCAP ? PCAP : PCAPNG;
    String text = text(head);
    if (text == null) {
      throw new BadInputException(name + ": neither a packet capture (pcap, pcapng) nor a device CSV export"
          + " (binary; first bytes " + HexFormat.of().formatHex(head, 0, Math.min(8, head.length)) + ")");
    }
    String header = text.lines().findFirst().orElse("");
    Optional<String> problem = DeviceCsv.headerProblem(header);
    if (problem.isPresent()) {
      throw new BadInputException(name + ": neither a packet capture (pcap, pcapng) nor a device CSV export ("
          + problem.get() + ")");
    }
    return CSV;
  }

  /** The bytes as UTF-8 text, or null when they are binary (a NUL, or not UTF-8). */
  private static String text(byte[] head) {
    for (byte b : head) if (b == 0) return null;
    int end = head.length;
    // a multi-byte character may be cut at the end of the sample
    while (end > 0 && end > head.length - 3 && (head[end - 1] & 0xC0) == 0x80) end--;
    if (end > 0 && (head[end - 1] & 0xC0) == 0xC0) end--;
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(head, 0, end)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
