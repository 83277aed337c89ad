package org.otactive.passive.names;

import java.util.ArrayList;
import java.util.List;
import org.otactive.passive.capture.Bytes;
import org.otactive.passive.capture.Ip;

/**
 * An LLDP data unit (IEEE 802.1AB-2016 §8.5): TLVs of a 7-bit type and a 9-bit length. Read: the
 * chassis id when it is a MAC address (subtype 4), the system name (type 5) and the IPv4/IPv6
 * management addresses (type 8, address subtype 1 or 2).
 *
 * @param chassisMac the chassis MAC, or -1
 * @param systemName the system name's bytes, or null
 */
public record Lldp(long chassisMac, byte[] systemName, List<Ip> managementAddresses) {
  public static final int ETHER_TYPE = 0x88CC;

  /** The data unit in an EtherType 0x88CC payload, or null when it does not start with a chassis id. */
  public static Lldp read(byte[] b, int at, int length) {
    int end = at + length;
    int p = at;
    long chassis = -1;
    byte[] name = null;
    List<Ip> management = new ArrayList<>();
    boolean first = true;
    while (p + 2 <= end) {
      int header = Bytes.be16(b, p);
      int type = header >>> 9;
      int len = header & 0x1FF;
      int v = p + 2;
      if (v + len > end) break;
      if (first && type != 1) return null;
      first = false;
      if (type == 0) break;
      if (type == 1 && len == 7 && b[v] == 4) chassis = Bytes.mac(b, v + 1);
      else if (type == 5 && len > 0) name = java.util.Arrays.copyOfRange(b, v, v + len);
      else if (type == 8 && len >= 2) {
        int addressLength = b[v] & 0xFF; // includes the subtype byte
        int subtype = b[v + 1] & 0xFF;
        if (subtype == 1 && addressLength == 5 && len >= 6) management.add(Ip.v4(b, v + 2));
        else if (subtype == 2 && addressLength == 17 && len >= 18) management.add(Ip.v6(b, v + 2));
      }
      p = v + len;
    }
    return first ? null : new Lldp(chassis, name, List.copyOf(management));
  }
}
