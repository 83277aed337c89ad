package org.otactive.passive.ot;

import java.net.InetAddress;
import org.otactive.passive.capture.Bytes;

/**
 * PROFINET DCP (IEC 61158-6-10, Discovery and basic Configuration Protocol), carried directly in
 * Ethernet frames of EtherType 0x8892. Frame id 0xFEFE is an Identify request (from a controller or
 * engineering station: client), 0xFEFF an Identify response and 0xFEFC a Hello (from an IO device:
 * server), 0xFEFD a Get/Set request or response. Responses carry the device's blocks: its IP
 * parameters (option 1, suboption 2) and its NameOfStation (option 2, suboption 2).
 */
public final class ProfinetDcp {
  public static final int ETHER_TYPE = 0x8892;

  /** What one DCP frame says. {@code ip} and {@code nameOfStation} are null when absent. */
  public record Message(Role role, InetAddress ip, byte[] nameOfStation) {}

  private ProfinetDcp() {}

  /** The DCP message in an EtherType 0x8892 payload, or null when the payload is not DCP. */
  public static Message read(byte[] b, int at, int length) {
    int end = at + length;
    if (length < 12) return null;
    int frameId = Bytes.be16(b, at);
    int service = b[at + 2] & 0xFF;
    int type = b[at + 3] & 0xFF;
    int dataLength = Bytes.be16(b, at + 10);
    if (frameId < 0xFEFC || service < 3 || service > 6 || at + 12 + dataLength > end) return null;
    boolean response = (type & 0x01) != 0;
    Role role = switch (frameId) {
      case 0xFEFE -> Role.CLIENT;
      case 0xFEFF, 0xFEFC -> Role.SERVER;
      default -> response ? Role.SERVER : Role.CLIENT;
    };
    if (role == Role.CLIENT) return new Message(role, null, null);
    InetAddress ip = null;
    byte[] name = null;
    int p = at + 12;
    int stop = at + 12 + dataLength;
    while (p + 4 <= stop) {
      int option = b[p] & 0xFF;
      int sub = b[p + 1] & 0xFF;
      int len = Bytes.be16(b, p + 2);
      int value = p + 4 + 2; // after BlockInfo
      if (p + 4 + len > stop) break;
      if (option == 1 && sub == 2 && len >= 2 + 12) {
        try {
          ip = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, value, value + 4));
        } catch (java.net.UnknownHostException impossible) {
          throw new IllegalStateException(impossible);
        }
      } else if (option == 2 && sub == 2 && len > 2) {
        name = java.util.Arrays.copyOfRange(b, value, p + 4 + len);
      }
      p += 4 + len + (len & 1);
    }
    return new Message(role, ip, name);
  }
}
