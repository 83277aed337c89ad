package org.otactive.passive.capture;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.otactive.passive.ot.ProfinetDcp;
import org.otactive.passive.ot.Recogniser;
import org.otactive.passive.ot.Recognisers;

/**
 * Fuzz targets for the capture readers and everything that reads frame bytes: any bytes give
 * frames and at most one damage, never an exception; any frame decodes and every recogniser and
 * name reader answers without reading outside it.
 */
class CaptureFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyCaptureReads(FuzzedDataProvider in) throws IOException {
    CaptureFormat format = in.consumeBoolean() ? CaptureFormat.PCAP : CaptureFormat.PCAPNG;
    byte[] bytes = in.consumeRemainingAsBytes();
    CaptureReader r = CaptureReader.open(format, new ByteArrayInputStream(bytes));
    long frames = 0;
    for (Frame f; (f = r.next()) != null; ) {
      if (f.data().length > bytes.length) throw new AssertionError("a frame larger than the file");
      frames++;
    }
    if (r.next() != null) throw new AssertionError("frames after the end");
    if (frames > bytes.length) throw new AssertionError("more frames than bytes");
  }

  @FuzzTest(maxDuration = "10s")
  void anyFrameDecodesAndIsRecognisedSafely(FuzzedDataProvider in) {
    int linkType = in.pickValue(new int[] {PacketDecoder.ETHERNET, PacketDecoder.SLL, PacketDecoder.SLL2,
        PacketDecoder.RAW, PacketDecoder.NULL});
    byte[] data = in.consumeRemainingAsBytes();
    Packet p = PacketDecoder.decode(new Frame(1, 0, 0, linkType, data, data.length));
    if (p.payload() < 0 || p.payloadLength() < 0 || p.payload() + p.payloadLength() > data.length) {
      throw new AssertionError("payload outside the frame");
    }
    for (Recogniser r : Recognisers.TCP) r.recognise(data, p.payload(), p.payloadLength());
    for (Recogniser r : Recognisers.UDP) r.recognise(data, p.payload(), p.payloadLength());
    int l2 = Math.min(p.l3(), data.length);
    ProfinetDcp.read(data, l2, data.length - l2);
    org.otactive.passive.names.Lldp.read(data, l2, data.length - l2);
    org.otactive.passive.names.Arp.read(data, l2, data.length - l2);
    org.otactive.passive.names.Dhcp.read(data, p.payload(), p.payloadLength());
    org.otactive.passive.names.Nbns.read(data, p.payload(), p.payloadLength());
    org.otactive.passive.names.DnsAnswers.read(data, p.payload(), p.payloadLength());
  }
}
