package org.otactive.probe.wmi.rpc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.EOFException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.otactive.probe.StreamConnection;

/**
 * Fuzz targets for the PDU and NDR decoders and for the connection reading a hostile server:
 * decoders throw only their own checked exception, the connection only {@link RpcException} or
 * {@link IOException}.
 */
class PduFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyPduDecodes(byte[] data) {
    try {
      PduCodec.header(data);
      PduCodec.decode(data);
    } catch (PduFormatException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyNdrReads(FuzzedDataProvider in) {
    int[] ops = in.consumeInts(16);
    NdrReader r = new NdrReader(in.consumeRemainingAsBytes());
    try {
      for (int op : ops) {
        switch (Math.floorMod(op, 9)) {
          case 0 -> r.u8();
          case 1 -> r.u16();
          case 2 -> r.u32();
          case 3 -> r.u64();
          case 4 -> r.uuid();
          case 5 -> r.wideString();
          case 6 -> r.bytes(r.count("array", 1));
          case 7 -> r.contextHandle();
          default -> r.align(op >>> 28 == 0 ? 4 : 8);
        }
      }
    } catch (NdrException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyEptMapAnswerParses(byte[] data) {
    try {
      EndpointMapper.parseResponse(data);
    } catch (NdrException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void theConnectionSurvivesAnyServerBytes(FuzzedDataProvider in) throws Exception {
    boolean validBind = in.consumeBoolean();
    byte[] bytes = in.consumeRemainingAsBytes();
    byte[] bindAck = PduCodec.encode(new Pdu.BindAck(PduType.BIND_ACK, 3, 1, 5840, 5840, 1, "",
        List.of(new Pdu.ContextResult(0, 0, SyntaxId.NDR20)), Optional.empty()));
    byte[] script = validBind ? concat(bindAck, bytes) : bytes;
    try (RpcConnection c = RpcConnection.bind(new Replay(script), EndpointMapper.INTERFACE, RpcAuth.none(),
        Clock.systemUTC(), Duration.ofSeconds(1))) {
      c.call(3, new byte[8]);
    } catch (RpcException | IOException expected) {
      // the contract
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A server that ignores what it is sent and says a fixed script. */
  private static final class Replay implements StreamConnection {
    private final byte[] script;
    private int at;

    Replay(byte[] script) {
      this.script = script;
    }

    @Override
    public void write(byte[] bytes) {}

    @Override
    public byte[] readFully(int n, Duration timeout) throws IOException {
      if (n > script.length - at) throw new EOFException("script ends");
      byte[] out = java.util.Arrays.copyOfRange(script, at, at + n);
      at += n;
      return out;
    }

    @Override
    public void close() {}
  }
}
