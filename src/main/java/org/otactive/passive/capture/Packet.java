package org.otactive.passive.capture;

/**
 * The layers of one frame that passive analysis reads. Offsets point into {@link #data}.
 *
 * @param srcMac source MAC as a 48-bit number, or -1 when the link layer has none
 * @param dstMac destination MAC, or -1
 * @param etherType the EtherType of the network layer (after VLAN tags), or -1
 * @param l3 offset of the network-layer header (for ARP, LLDP, PROFINET: of their payload)
 * @param src source IP, or null when the frame is not IP
 * @param dst destination IP, or null
 * @param protocol IP protocol (6 TCP, 17 UDP), or -1 when there is no transport header
 * @param srcPort transport source port, or -1
 * @param dstPort transport destination port, or -1
 * @param tcpFlags TCP flags (SYN 0x02, ACK 0x10, ...), 0 for UDP
 * @param payload offset of the transport payload
 * @param payloadLength captured bytes of transport payload
 */
public record Packet(
    Frame frame, long srcMac, long dstMac, int etherType, int l3, Ip src, Ip dst, int protocol, int srcPort,
    int dstPort, int tcpFlags, int payload, int payloadLength) {
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int SYN = 0x02;
  public static final int ACK = 0x10;

  public byte[] data() {
    return frame.data();
  }

  public boolean isTcp() {
    return protocol == TCP;
  }

  public boolean isUdp() {
    return protocol == UDP;
  }
}
