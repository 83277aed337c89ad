package org.otactive.probe.wmi.rpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.otactive.safety.Blocked;

/**
 * The endpoint mapper's {@code ept_map} (C706 appendix O, opnum 3): which TCP port serves an
 * interface. The marshalling is pure ({@link #request}, {@link #parseResponse}); {@link #tcpPort}
 * runs it over a connection bound to the mapper on port 135.
 */
public final class EndpointMapper {
  private EndpointMapper() {}

  /** The endpoint mapper's interface, epmapper v3.0. */
  public static final SyntaxId INTERFACE =
      new SyntaxId(UUID.fromString("e1af8308-5d1f-11c9-91a4-08002b14a0fa"), 3, 0);
  public static final int PORT = 135;
  static final int OPNUM_EPT_MAP = 3;
  /** EPT_S_NOT_REGISTERED: no endpoint for the interface. */
  public static final int EPT_S_NOT_REGISTERED = 0x16c9a0d6;
  private static final int MAX_TOWERS = 4;

  /** The ports the mapper returned; empty when the interface is not registered. */
  public record Answer(int status, List<Tower> towers) {
    public Answer {
      towers = List.copyOf(towers);
    }

    public OptionalInt firstTcpPort() {
      return towers.stream().map(Tower::tcpPort).filter(OptionalInt::isPresent).findFirst().orElse(OptionalInt.empty());
    }
  }

  /** The ept_map request stub for {@code iface} over TCP. */
  public static byte[] request(SyntaxId iface) {
    NdrWriter w = new NdrWriter();
    UUID nilObject = new UUID(0, 0);
    if (w.fullPointer(nilObject)) w.uuid(nilObject);
    byte[] tower = Tower.tcp(iface).encode();
    if (w.fullPointer(tower)) w.u32(tower.length).u32(tower.length).bytes(tower).align(4);
    w.contextHandle(ContextHandle.nil());
    w.u32(MAX_TOWERS);
    return w.toByteArray();
  }

  public static Answer parseResponse(byte[] stub) throws NdrException {
    NdrReader in = new NdrReader(stub);
    in.contextHandle();
    int numTowers = in.u32();
    int actual = in.conformantVarying("tower pointers", 4);
    if (Integer.compareUnsigned(numTowers, actual) > 0) {
      throw new NdrException("num_towers " + Integer.toUnsignedString(numTowers) + " exceeds the array's " + actual);
    }
    int[] referents = new int[actual];
    for (int i = 0; i < actual; i++) referents[i] = in.pointer();
    List<Tower> towers = new ArrayList<>();
    for (int referent : referents) {
      if (referent == 0) continue;
      int max = in.count("tower octets", 1);
      int length = in.u32();
      if (Integer.compareUnsigned(length, max) > 0) throw new NdrException("tower_length " + length + " exceeds " + max);
      towers.add(Tower.decode(in.bytes(length)));
      in.align(4);
    }
    int status = in.u32();
    return new Answer(status, towers);
  }

  /**
   * Asks the mapper (on a connection bound to {@link #INTERFACE}) for {@code iface}'s TCP port.
   *
   * @return the port, or empty when the interface is not registered
   */
  public static OptionalInt tcpPort(RpcConnection mapper, SyntaxId iface)
      throws RpcException, IOException, Blocked, InterruptedException {
    Answer answer;
    try {
      answer = parseResponse(mapper.call(OPNUM_EPT_MAP, request(iface)));
    } catch (NdrException e) {
      throw new RpcProtocolException("malformed ept_map answer: " + e.getMessage(), e);
    }
    if (answer.status() == EPT_S_NOT_REGISTERED) return OptionalInt.empty();
    if (answer.status() != 0) {
      throw new RpcProtocolException("ept_map failed with status " + FaultStatus.describe(answer.status()));
    }
    return answer.firstTcpPort();
  }
}
