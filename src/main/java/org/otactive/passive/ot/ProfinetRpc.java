package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * PROFINET IO context management: DCE/RPC over UDP (C706 ch. 12: version 4, an 80-byte header with
 * the interface UUID at offset 24 in the data representation's byte order) addressed to one of the
 * PNIO interfaces DEA0000x-6C97-11D1-8271-00A02442DF7D (IEC 61158-6-10): 1 the IO device, 2 the IO
 * controller, 3 the supervisor, 4 the parameter server. A request to the device interface comes
 * from the controller (client); a request to the controller interface comes from the device.
 */
public final class ProfinetRpc implements Recogniser {
  /** The PNIO interface UUID's fields after time_low: 6C97-11D1-8271-00A02442DF7D. */
  private static final byte[] TAIL = {(byte) 0x82, 0x71, 0x00, (byte) 0xA0, 0x24, 0x42, (byte) 0xDF, 0x7D};

  @Override
  public OtProtocol protocol() {
    return OtProtocol.PROFINET;
  }

  @Override
  public int port() {
    return 34964;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    if (length < 80 || b[at] != 4) return null;
    int type = b[at + 1] & 0xFF;
    boolean big = (b[at + 4] & 0x10) == 0;
    int u = at + 24;
    long timeLow = Bytes.u32(b, u, big);
    if ((timeLow & 0xFFFFFFF0L) != 0xDEA00000L || Bytes.u16(b, u + 4, big) != 0x6C97
        || Bytes.u16(b, u + 6, big) != 0x11D1) {
      return null;
    }
    for (int i = 0; i < TAIL.length; i++) if (b[u + 8 + i] != TAIL[i]) return null;
    int which = (int) (timeLow & 0xF);
    if (which < 1 || which > 4) return null;
    boolean request = type == 0;
    boolean answer = type == 2 || type == 3;
    if (!request && !answer) return Role.EITHER;
    boolean toDevice = which != 2;
    return request == toDevice ? Role.CLIENT : Role.SERVER;
  }
}
