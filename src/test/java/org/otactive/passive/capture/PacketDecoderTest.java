package org.otactive.passive.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Headers that claim more than a frame holds leave the transport layer empty, at the frame's end. */
class PacketDecoderTest {
  private static Packet raw(byte[] data) {
    return PacketDecoder.decode(new Frame(1, 0, 0, PacketDecoder.RAW, data, data.length));
  }

  @Test
  void anIpv4HeaderLongerThanTheFrameLeavesAnEmptyPayloadAtTheEnd() {
    // IHL 15 (60 bytes) and a total length of 140, in a frame of 24 bytes (found by fuzzing).
    byte[] data = new byte[24];
    data[0] = 0x4F;
    data[3] = (byte) 140;
    data[9] = 6; // TCP
    Packet p = raw(data);
    assertThat(p.payload()).isEqualTo(24);
    assertThat(p.payloadLength()).isZero();
  }

  @Test
  void anIpv6ExtensionHeaderPastTheEndLeavesAnEmptyPayloadAtTheEnd() {
    // A hop-by-hop header of (255 + 1) * 8 bytes in a packet of 48.
    byte[] data = new byte[48];
    data[0] = 0x60;
    data[5] = 8; // payload length
    data[6] = 0; // next: hop-by-hop
    data[40] = 17; // then UDP
    data[41] = (byte) 255;
    Packet p = raw(data);
    assertThat(p.payload()).isEqualTo(48);
    assertThat(p.payloadLength()).isZero();
  }

  @Test
  void aWellFormedUdpDatagramHasItsPayload() {
    byte[] data = new byte[32];
    data[0] = 0x45;
    data[3] = 32; // total length
    data[9] = 17; // UDP
    data[25] = 10; // UDP length: 8 + 2
    Packet p = raw(data);
    assertThat(p.payload()).isEqualTo(28);
    assertThat(p.payloadLength()).isEqualTo(2);
  }
}
